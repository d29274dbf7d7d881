import { Link } from 'react-router';
import type { Affiliation } from '../api/people-types.ts';
import { statusApi } from '../api/status.ts';
import type { PersonStatuses, StatusEntry } from '../api/status-types.ts';
import { useResource } from '../api/use-resource.ts';
import { formatDate, formatLongDate, formatValidity } from '../components/format.ts';
import { Empty, Loaded } from '../components/States.tsx';

type Affiliations = ReadonlyMap<number, Affiliation>;

/**
 * A person's ranked status: the primary one, every status held today and why (which
 * affiliation from which source), pending ones, the history with look-ahead bridges, and —
 * when nothing is held — what their status was before it ended.
 */
export function PersonStatus({
  personId,
  version,
  affiliations,
}: {
  personId: number;
  version: number;
  affiliations: Affiliation[];
}) {
  const statuses = useResource((signal) => statusApi.person(personId, signal), [personId, version]);
  const byId: Affiliations = new Map(affiliations.map((a) => [a.id, a]));
  return (
    <section className="card" aria-labelledby="status-h" data-testid="person-status">
      <h2 id="status-h">Status</h2>
      <Loaded resource={statuses} what="Loading the statuses">
        {(s) => <StatusView s={s} affiliations={byId} />}
      </Loaded>
    </section>
  );
}

function StatusView({ s, affiliations }: { s: PersonStatuses; affiliations: Affiliations }) {
  return (
    <>
      {s.primary ? (
        <div className="status-primary" data-testid="primary-status">
          <div className="muted">Primary status</div>
          <div className="status-name">{s.primary.name}</div>
          <div>
            {s.primary.cardLabel && (
              <span className="badge badge-brand" title="card label">
                {s.primary.cardLabel}
              </span>
            )}{' '}
            <span className="muted">
              rank {s.primary.rank} · {s.primary.category} · {span(s.primary)}
            </span>
          </div>
        </div>
      ) : (
        <div className="alert alert-info" role="status" data-testid="no-status">
          <p>
            <strong>Holds no status today</strong> ({formatDate(s.today)}).
          </p>
          {s.lastBefore ? (
            <p data-testid="last-before">
              Status before it ended: <strong>{s.lastBefore.name}</strong> ({span(s.lastBefore)})
              {s.lastBefore.because.length > 0 && <> — because of {becauseText(s.lastBefore, affiliations)}</>}.
            </p>
          ) : (
            <p>No status held before either.</p>
          )}
        </div>
      )}

      <h3>Held today</h3>
      {s.held.length === 0 ? (
        <Empty>None.</Empty>
      ) : (
        <StatusTable
          entries={s.held}
          primaryId={s.primary?.id}
          affiliations={affiliations}
          testId="held-statuses"
          today={s.today}
        />
      )}

      <h3>Pending</h3>
      {s.pending.length === 0 ? (
        <Empty>None.</Empty>
      ) : (
        <StatusTable entries={s.pending} affiliations={affiliations} testId="pending-statuses" today={s.today} />
      )}

      <h3>Status history</h3>
      {s.history.length === 0 ? (
        <Empty>No status held, ever.</Empty>
      ) : (
        <StatusTable
          entries={s.history}
          affiliations={affiliations}
          testId="status-history"
          today={s.today}
          greyEnded
        />
      )}
    </>
  );
}

function span(e: StatusEntry): string {
  if (e.start && e.end) return `${formatDate(e.start)} – ${formatDate(e.end)}`;
  if (e.start) return `since ${formatDate(e.start)}`;
  if (e.end) return `until ${formatDate(e.end)}`;
  return 'open';
}

function becauseText(e: StatusEntry, affiliations: Affiliations): string {
  return e.because
    .map((b) => `${b.kind} in ${affiliations.get(b.affiliationId)?.orgName ?? b.orgCode} from ${b.source}`)
    .join('; ');
}

function StatusTable({
  entries,
  primaryId,
  affiliations,
  testId,
  today,
  greyEnded = false,
}: {
  entries: StatusEntry[];
  primaryId?: number;
  affiliations: Affiliations;
  testId: string;
  today: string;
  greyEnded?: boolean;
}) {
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Rank</th>
            <th scope="col">Category</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const ended = greyEnded && e.end !== null && e.end < today;
            return (
              <tr key={e.id} className={ended ? 'ended' : undefined} data-status={e.name}>
                <td>
                  <strong>{e.name}</strong>
                  {e.id === primaryId && (
                    <>
                      {' '}
                      <span className="badge badge-ok">primary</span>
                    </>
                  )}
                  {e.cardLabel && (
                    <>
                      {' '}
                      <span className="badge" title="card label">
                        {e.cardLabel}
                      </span>
                    </>
                  )}
                  {e.bridgedTo && <Bridge entry={e} affiliations={affiliations} />}
                </td>
                <td className="num">{e.rank}</td>
                <td>{e.category}</td>
                <td className="nowrap">{formatDate(e.start)}</td>
                <td className="nowrap">{e.end ? formatDate(e.end) : <span className="muted">open</span>}</td>
                <td>
                  <Because entry={e} affiliations={affiliations} today={today} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** "Bridged to Faculty from 1 July 2026; the staff affiliation ended 30 June 2026." */
function Bridge({ entry: e, affiliations }: { entry: StatusEntry; affiliations: Affiliations }) {
  const b = e.bridgedTo!;
  const kinds = [...new Set(e.because.map((x) => affiliations.get(x.affiliationId)?.kind ?? x.kind))];
  const what = kinds.length === 1 ? `the ${kinds[0]} affiliation` : 'its affiliations';
  return (
    <div className="bridge" data-testid="bridge">
      bridged to <strong>{b.name ?? `status type #${b.statusTypeId}`}</strong> from{' '}
      <time dateTime={b.start}>{formatLongDate(b.start)}</time>; {what} ended{' '}
      <time dateTime={b.originalEnd}>{formatLongDate(b.originalEnd)}</time>
    </div>
  );
}

function Because({ entry: e, affiliations, today }: { entry: StatusEntry; affiliations: Affiliations; today: string }) {
  if (!e.because.length) return <span className="muted">—</span>;
  return (
    <ul className="plain because" data-testid="because">
      {e.because.map((b) => {
        const a = affiliations.get(b.affiliationId);
        return (
          <li key={b.affiliationId}>
            {b.kind} in {a ? <Link to={`/orgs/${a.orgId}`}>{a.orgName}</Link> : null}{' '}
            <span className="mono muted">{b.orgCode}</span> <span className="muted">from</span>{' '}
            <span className="mono">{b.source}</span>
            {a && !a.current && (
              <>
                {' '}
                <span className="badge" title={formatValidity(a.validFrom, a.validTo)}>
                  {a.validTo && a.validTo < today ? `ended ${formatDate(a.validTo)}` : 'not current'}
                </span>
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}
