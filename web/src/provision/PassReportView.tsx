import type { PassReport } from '../api/provision-types.ts';
import { writesAccounts } from './target-draft.ts';

/** What a pass did: queued objects, account actions or deliveries, a hold, and its error. */
export function PassReportView({ report, kind }: { report: PassReport; kind: string }) {
  const accounts = Object.entries(report.accounts);
  const d = report.deliveries;
  return (
    <div
      className={`alert ${report.error ? 'alert-error' : report.held ? 'alert-warn' : 'alert-ok'}`}
      role="status"
      data-testid="pass-report"
    >
      <p>
        <strong>
          {report.error ? 'The pass failed' : report.held ? 'The pass is held for release' : 'The pass ran'}
        </strong>
        {report.error && <> — {report.error}</>}
      </p>
      <ul className="stack">
        <li>{report.queued} queued</li>
        {writesAccounts(kind) && <li>accounts: {accounts.map(([action, n]) => `${n} ${action}`).join(', ')}</li>}
        {report.renamedOus > 0 && <li>{report.renamedOus} OUs renamed</li>}
        {kind === 'webhook' && (
          <li>
            deliveries: {d.delivered} delivered, {d.failed} failed, {d.dead} dead
          </li>
        )}
      </ul>
    </div>
  );
}
