import { useState } from 'react';
import { provisionApi } from '../api/provision.ts';
import type { DeliveryState, Target } from '../api/provision-types.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { formatDateTime } from '../components/format.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useAction } from '../components/use-submit.ts';
import { LoadedTable } from '../components/LoadedTable.tsx';

/** A webhook target's deliveries, filtered by state; dead ones (out of attempts) can be delivered again. */
export function DeliveriesPanel({ target, tick, onChanged }: { target: Target; tick: number; onChanged: () => void }) {
  const { abilities } = useUser();
  const may = abilities['provision:configure'];
  const [state, setState] = useState<DeliveryState | ''>('');
  const deliveries = useResource(
    (signal) => provisionApi.deliveries(target.name, state, signal),
    [target.name, state, tick],
  );
  const { error, act } = useAction(onChanged);
  const replay = (ids?: number[]) => act(() => provisionApi.replay(target.name, ids));
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
      <LoadedTable
        resource={deliveries}
        what="Loading the deliveries"
        empty={`No deliveries${state ? ` in state ${state}` : ''}.`}
        testId="delivery-list"
        columns={['Event', 'Subject', 'State', 'Attempts', 'Next try / delivered', 'Last error']}
        actions={may}
      >
        {(d) => (
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
        )}
      </LoadedTable>
    </section>
  );
}
