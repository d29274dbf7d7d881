import { useState } from 'react';
import { provisionApi } from '../api/provision.ts';
import type { SyncRun, Target } from '../api/provision-types.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { formatDateTime } from '../components/format.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useAction } from '../components/use-submit.ts';
import { LoadedTable } from '../components/LoadedTable.tsx';

const countsOf = (run: SyncRun) =>
  Object.entries(run.counts)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ') || 'no fixes';

/** One run: its outcome, and each fix it made (or, a dry run, would make). */
function RunView({ run, where }: { run: SyncRun; where: string }) {
  return (
    <div data-testid="sync-result">
      <p className={run.error ? 'alert alert-error' : 'alert alert-ok'} role="status">
        <strong>
          {run.kind === 'dry-run' ? 'Dry run' : 'Full sync'} {run.state}
        </strong>
        {run.error ? ` — ${run.error}` : ` — ${countsOf(run)}`}
      </p>
      {run.fixes.length > 0 && (
        <div className="table-wrap">
          <table data-testid="fixes">
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">{where}</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {run.fixes.map((f, i) => (
                <tr key={i}>
                  <td>{f.action}</td>
                  <td className="mono">{f.dn}</td>
                  <td>{f.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** What a full sync reads, by kind. */
const READS = {
  ldap: 'Reads every entry under the base DN and compares it with what Steward would write: missing accounts, changed attributes, wrong groups, strays.',
  scim: "Reads every user the application holds and the pushed groups' members, and compares them with what Steward would write: missing users, changed attributes, wrong groups; users Steward never wrote are reported, not touched.",
};

/**
 * A full sync reads the whole directory (or SCIM application) and fixes drift; its dry run lists the fixes without
 * making them.
 */
export function FullSyncPanel({ target, tick }: { target: Target; tick: number }) {
  const { abilities } = useUser();
  const [run, setRun] = useState<SyncRun | null>(null);
  const { error, busy, act } = useAction();
  const runs = useResource((signal) => provisionApi.runs(target.name, signal), [target.name, tick, run?.id]);
  const scim = target.kind === 'scim';
  const sync = (dryRun: boolean) => act(async () => setRun(await provisionApi.sync(target.name, dryRun)));
  return (
    <section className="card" aria-labelledby="sync-h" data-testid="full-sync">
      <h2 id="sync-h">Full sync</h2>
      <p className="muted">{scim ? READS.scim : READS.ldap} The dry run only lists the fixes.</p>
      {abilities['provision:configure'] && (
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => sync(true)}>
            Dry run
          </button>
          <button type="button" className="primary" disabled={busy} onClick={() => sync(false)}>
            Full sync
          </button>
        </div>
      )}
      <ProblemMessage error={error} />
      {run && <RunView run={run} where={scim ? 'Resource' : 'DN'} />}
      <h3>Recent runs</h3>
      <LoadedTable
        resource={runs}
        what="Loading the runs"
        empty="No full sync has run yet."
        testId="runs"
        columns={['Started', 'Kind', 'State', 'Counts', 'Error']}
      >
        {(r) => (
          <tr key={r.id}>
            <td className="nowrap">{formatDateTime(r.startedAt)}</td>
            <td>{r.kind}</td>
            <td>{r.state}</td>
            <td>{countsOf(r)}</td>
            <td>{r.error ?? ''}</td>
          </tr>
        )}
      </LoadedTable>
    </section>
  );
}
