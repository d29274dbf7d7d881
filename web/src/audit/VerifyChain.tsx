import { useState } from 'react';
import type { VerifyResult } from '../api/audit-types.ts';
import { api } from '../api/client.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';

/** Recomputes the audit hash chain on the server and shows OK or each broken row. */
export function VerifyChain() {
  const [result, setResult] = useState<VerifyResult>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await api.post<VerifyResult>('/audit/verify'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="card">
      <h2>Integrity</h2>
      <p className="muted">Every audit row is hash-chained to the one before. Verifying recomputes the whole chain.</p>
      <button type="button" onClick={verify} disabled={busy}>
        {busy ? 'Verifying…' : 'Verify chain'}
      </button>
      <div aria-live="polite" data-testid="verify-result">
        <ProblemMessage error={error} />
        {result && result.ok && (
          <div className="alert alert-ok" style={{ marginTop: '0.8rem' }}>
            <p>
              <strong>OK</strong> — {result.checked} rows checked, head #{result.headSeq}.
            </p>
            <p className="mono" style={{ wordBreak: 'break-all' }}>
              head hash {result.headHash}
            </p>
          </div>
        )}
        {result && !result.ok && (
          <div className="alert alert-error" style={{ marginTop: '0.8rem' }}>
            <p>
              <strong>The chain is broken</strong> — {result.problems.length} problem
              {result.problems.length === 1 ? '' : 's'} in {result.checked} rows.
            </p>
            <ul className="problems">
              {result.problems.map((p) => (
                <li key={`${p.seq}-${p.problem}`}>
                  row #{p.seq}: {p.problem}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </div>
  );
}
