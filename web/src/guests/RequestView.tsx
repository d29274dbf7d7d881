import type { RequestView } from '../api/guest-requests.ts';

/** What an approver or guarantor needs to see of a request: who, where, why, what, when, and the steps so far. */
const serviceLabels: Record<string, string> = { 'id-card': 'ID card', 'it-account': 'IT account', email: 'Email' };
const stateBadge: Record<string, string> = {
  approved: 'badge-ok',
  rejected: 'badge-bad',
  withdrawn: 'badge-bad',
  current: 'badge-brand',
  waiting: '',
  skipped: '',
};

export function RequestFacts({ r }: { r: RequestView }) {
  return (
    <dl className="facts">
      <dt>Visitor</dt>
      <dd data-testid="visitor">
        {r.visitorName}
        {r.visitor.email ? ` <${r.visitor.email}>` : ''}
        {r.personId ? ` (person ${r.personId})` : ' (new person)'}
      </dd>
      <dt>Type</dt>
      <dd>
        {r.typeLabel}
        {r.kind === 'renewal' ? ' — renewal' : ''}
      </dd>
      <dt>Department</dt>
      <dd>{r.hostOrg ? `${r.hostOrg.code} — ${r.hostOrg.name}` : '—'}</dd>
      <dt>Reason</dt>
      <dd>{r.reason ?? '—'}</dd>
      <dt>Services</dt>
      <dd>{r.services.map((s) => serviceLabels[s] ?? s).join(', ') || 'none'}</dd>
      <dt>Dates</dt>
      <dd className="mono">
        {r.validFrom} – {r.validTo}
      </dd>
      <dt>Guarantor</dt>
      <dd>
        {r.guarantorName}
        {r.submittedBy ? ` (submitted by ${r.submittedBy})` : ''}
      </dd>
    </dl>
  );
}

export function RequestSteps({ r }: { r: RequestView }) {
  return (
    <div className="table-wrap">
      <table data-testid="request-steps">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">State</th>
            <th scope="col">Who</th>
            <th scope="col">Comment</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {r.steps.map((s) => (
            <tr key={s.index} data-step={s.step} data-state={s.state}>
              <td>{s.label}</td>
              <td>
                <span className={`badge ${stateBadge[s.state] ?? ''}`}>{s.state}</span>
              </td>
              <td>{s.decision ? s.decision.actor : s.approvers.join(', ') || '—'}</td>
              <td>{s.decision?.comment ?? ''}</td>
              <td className="mono">{s.decision ? s.decision.at.slice(0, 16).replace('T', ' ') : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
