import { useState } from 'react';
import { Link } from 'react-router';
import { orgsApi } from '../api/orgs.ts';
import { useResource } from '../api/use-resource.ts';
import { formatValidity } from '../components/format.ts';
import { Empty, Loaded } from '../components/States.tsx';

const PAGE = 50;

/** People currently affiliated to the unit, or (optionally) anywhere below it, fifty at a time. */
export function UnitPeople({ unitId, version }: { unitId: number; version: number }) {
  const [subtree, setSubtree] = useState(false);
  const [offset, setOffset] = useState(0);
  const people = useResource(
    (signal) => orgsApi.people(unitId, subtree, offset, signal),
    [unitId, subtree, offset, version],
  );
  return (
    <section className="card" aria-labelledby="unit-people-h">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 id="unit-people-h" style={{ margin: 0 }}>
          People
        </h2>
        <label className="row">
          <input
            type="checkbox"
            checked={subtree}
            onChange={(e) => {
              setSubtree(e.target.checked);
              setOffset(0);
            }}
          />{' '}
          Include units below
        </label>
      </div>
      <Loaded resource={people} what="Loading people">
        {({ total, items }) =>
          total === 0 ? (
            <Empty>No one has a current affiliation {subtree ? 'here or below' : 'here'}.</Empty>
          ) : (
            <>
              <p className="muted">
                {total} {total === 1 ? 'person' : 'people'}
                {total > PAGE ? `, showing ${offset + 1}–${Math.min(offset + PAGE, total)}` : ''}
              </p>
              <div className="table-wrap">
                <table data-testid="unit-people">
                  <thead>
                    <tr>
                      <th>Name</th>
                      <th>Affiliation</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((p) => (
                      <tr key={p.id}>
                        <td>
                          <Link to={`/people/${p.id}`}>
                            {`${p.preferredName ?? p.givenName} ${p.familyName}`.trim()}
                          </Link>
                        </td>
                        <td>
                          {p.affiliations.map((a) => (
                            <div key={a.id}>
                              {a.kind}
                              {a.title ? `, ${a.title}` : ''}{' '}
                              <span className="muted">
                                in {a.orgName} {formatValidity(a.validFrom, a.validTo)}
                              </span>
                            </div>
                          ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {total > PAGE && (
                <nav className="row" aria-label="People pages" style={{ marginTop: '0.6rem' }}>
                  <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                    Previous
                  </button>
                  <button type="button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
                    Next
                  </button>
                </nav>
              )}
            </>
          )
        }
      </Loaded>
    </section>
  );
}
