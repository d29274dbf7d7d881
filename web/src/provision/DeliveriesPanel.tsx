import { useState } from 'react';
import { provisionApi } from '../api/provision.ts';
import type { DeliveryState, Target } from '../api/provision-types.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { formatDateTime } from '../components/format.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Empty, Loaded } from '../components/States.tsx';

/** A webhook target's deliveries, filtered by state; dead ones (out of attempts) can be delivered again. */
export function DeliveriesPanel({ target, tick, onChanged }: { target: Target; tick: number; onChanged: () => void }) {
  const { abilities } = useUser();
  const may = abilities['provision:configure'];
  const [state, setState] = useState<DeliveryState | ''>('');
  const deliveries = useResource(
    (signal) => provisionApi.deliveries(target.name, state, signal),
    [target.name, state, tick],
  );
  const [error, setError] = useState<unknown>();
  const replay = async (ids?: number[]) => {
    setError(undefined);
    try {
      await provisionApi.replay(target.name, ids);
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="card" aria-labelledby="deliveries-h" data-testid="deliveries">
      <div className="page-head">
        <h2 id="deliveries-h">Deliveries</h2>
        {may && state === 'dead' && deliveries.status === 'ready' && deliveries.data.length > 0 && (
          <button type="button" onClick={() => replay()}>
            Replay all dead
          </button>
        )}
      </div>
      <label htmlFor="delivery-state">Show</label>{' '}
      <select
        id="delivery-state"
        value={state}
        onChange={(e) => setState(e.target.value as DeliveryState | '')}
        style={{ maxWidth: '12rem' }}
      >
        <option value="">all</option>
        <option value="pending">pending</option>
        <option value="delivered">delivered</option>
        <option value="dead">dead</option>
      </select>
      <ProblemMessage error={error} />
      <Loaded resource={deliveries} what="Loading the deliveries">
        {(list) =>
          list.length === 0 ? (
            <Empty>No deliveries{state ? ` in state ${state}` : ''}.</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="delivery-list">
                <thead>
                  <tr>
                    <th scope="col">Event</th>
                    <th scope="col">Subject</th>
                    <th scope="col">State</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Next try / delivered</th>
                    <th scope="col">Last error</th>
                    {may && (
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {list.map((d) => (
                    <tr key={d.id} data-delivery={d.id}>
                      <td className="mono">{d.type}</td>
                      <td className="mono">{d.subject}</td>
                      <td>{d.state}</td>
                      <td className="num">{d.attempts}</td>
                      <td className="nowrap">{formatDateTime(d.deliveredAt ?? d.nextAt)}</td>
                      <td>{d.lastError ?? ''}</td>
                      {may && (
                        <td>
                          {d.state === 'dead' && (
                            <button type="button" className="small" onClick={() => replay([d.id])}>
                              Replay
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
