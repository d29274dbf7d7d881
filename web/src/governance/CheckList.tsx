import type { RequestCheck } from '../api/governance-types.ts';

/**
 * The checks of a request as the server ran them (the dry run): each passed or failed, a failure with every message
 * and its rule. The same checks run again on submit and at each approval.
 */
export function CheckList({ result, stale }: { result: RequestCheck; stale: boolean }) {
  const failed = result.checks.filter((c) => !c.passed).length;
  return (
    <section aria-label="Checks before submitting" className="card" data-testid="request-checks" aria-busy={stale}>
      <h2>Checks before submitting</h2>
      <p role="status" data-testid="checks-summary" className={failed ? 'alert alert-warn' : 'alert alert-ok'}>
        {failed
          ? `${failed} of ${result.checks.length} checks fail: fix them to submit.`
          : `All ${result.checks.length} checks pass for ${result.group}${result.policy ? ` (policy ${result.policy.name})` : ''}.`}
      </p>
      <ul className="plain checks">
        {result.checks.map((c) => (
          <li key={c.check} data-check={c.check} data-passed={c.passed ? 'yes' : 'no'}>
            <span className={`badge ${c.passed ? 'badge-ok' : 'badge-bad'}`}>{c.passed ? 'passed' : 'failed'}</span>{' '}
            {c.label}
            {c.problems.length > 0 && (
              <ul>
                {c.problems.map((p, i) => (
                  <li key={i} className="field-error">
                    {p.message} <span className="rule">({p.rule})</span>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
