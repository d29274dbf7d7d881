import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { peopleApi } from '../api/people.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { formatDate } from '../components/format.ts';
import { Empty, Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { IdentifierList } from './IdentifierList.tsx';

const matchLabels = { identifier: 'identifier', email: 'email', name: 'name' } as const;

/** Search people by name (typo tolerant on the server) or by any identifier; results ranked. */
export function PeopleSearchPage() {
  usePageTitle('People');
  const { abilities } = useUser();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const results = useResource((signal) => (q.trim() ? peopleApi.search(q, signal) : Promise.resolve(null)), [q]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams(draft.trim() ? { q: draft.trim() } : {});
  };

  return (
    <section>
      <div className="page-head">
        <h1>People</h1>
        <div className="actions">
          {abilities['people:merge'] && (
            <Link className="button" to="/people/merge">
              Merge two records
            </Link>
          )}
          {abilities['people:create'] && (
            <Link className="button primary" to="/people/new">
              New person
            </Link>
          )}
        </div>
      </div>
      <form className="searchbar" role="search" onSubmit={submit}>
        <label htmlFor="people-q" className="visually-hidden">
          Search people by name or identifier
        </label>
        <input
          id="people-q"
          type="search"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="Name, ID number, username or email"
          autoFocus
        />
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      <Loaded resource={results} what="Searching">
        {(hits) => {
          if (hits === null) return <Empty>Type a name (typos are fine) or any identifier.</Empty>;
          if (hits.length === 0) return <Empty>No one matches “{q}”.</Empty>;
          return (
            <div className="table-wrap">
              <table data-testid="search-results" data-query={q}>
                <caption className="visually-hidden">
                  {hits.length} people matching {q}, best match first
                </caption>
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Birth date</th>
                    <th>Identifiers</th>
                    <th>Matched on</th>
                    <th>Score</th>
                  </tr>
                </thead>
                <tbody>
                  {hits.map((hit) => (
                    <tr key={hit.person.id} className={hit.person.state === 'merged' ? 'ended' : undefined}>
                      <td className="nowrap">
                        <Link to={`/people/${hit.person.id}`}>{hit.person.displayName}</Link>
                        {hit.person.state === 'merged' && <span className="badge badge-warn"> merged</span>}
                      </td>
                      <td className="nowrap">{formatDate(hit.person.birthDate)}</td>
                      <td>
                        <IdentifierList identifiers={hit.person.identifiers} compact />
                      </td>
                      <td>
                        {matchLabels[hit.match]} <span className="muted">{hit.matched}</span>
                      </td>
                      <td className="score">{hit.score.toFixed(2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </Loaded>
    </section>
  );
}
