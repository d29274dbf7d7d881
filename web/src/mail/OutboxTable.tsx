import { useState } from 'react';
import { mailApi, OUTBOX_STATES, type OutboxState } from '../api/mail.ts';
import { useResource } from '../api/use-resource.ts';
import { formatDateTime } from '../components/format.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Empty, Loaded } from '../components/States.tsx';

/** The outbox, newest first, by state; administrators retry a dead mail or one waiting for a check. */
export function OutboxTable({ canRetry }: { canRetry: boolean }) {
  const [state, setState] = useState<OutboxState | ''>('');
  const mails = useResource((signal) => mailApi.outbox(state, signal), [state]);
  const [error, setError] = useState<unknown>();

  const retry = async (id: number) => {
    setError(undefined);
    try {
      await mailApi.retry(id);
    } catch (err) {
      setError(err);
    }
    mails.reload();
  };

  return (
    <section aria-labelledby="outbox-head">
      <h2 id="outbox-head">Outbox</h2>
      <p className="muted">
        A mail in <strong>check</strong> was claimed by a process that stopped before recording the outcome: it is never
        resent on its own. Look its Message-ID up in the mail server&apos;s log before retrying.
      </p>
      <label>
        State{' '}
        <select value={state} onChange={(e) => setState(e.target.value as OutboxState | '')}>
          <option value="">all</option>
          {OUTBOX_STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <ProblemMessage error={error} />
      <Loaded resource={mails} what="Loading the outbox">
        {(list) =>
          list.length === 0 ? (
            <Empty>No mail.</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="outbox">
                <thead>
                  <tr>
                    <th scope="col">Mail</th>
                    <th scope="col">To</th>
                    <th scope="col">Subject</th>
                    <th scope="col">State</th>
                    <th scope="col">Attempts</th>
                    {canRetry && (
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {list.map((m) => (
                    <tr key={m.id} data-mail={m.id}>
                      <td className="mono">
                        {m.id}
                        <div className="muted">{m.event}</div>
                      </td>
                      <td>{m.to}</td>
                      <td>
                        {m.subject}
                        {m.messageId && <div className="muted mono">{m.messageId}</div>}
                      </td>
                      <td>
                        {m.state}
                        {m.digest && ' (digest)'}
                        <div className="muted">
                          {m.sentAt ? `sent ${formatDateTime(m.sentAt)}` : `queued ${formatDateTime(m.createdAt)}`}
                        </div>
                        {m.lastError && <div className="field-error">{m.lastError}</div>}
                      </td>
                      <td>{m.attempts}</td>
                      {canRetry && (
                        <td>
                          {(m.state === 'dead' || m.state === 'check') && (
                            <button type="button" onClick={() => retry(m.id)}>
                              Retry
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}
