import { useState } from 'react';
import { provisionApi } from '../api/provision.ts';
import type { ObjectRef, QueueItem, Target } from '../api/provision-types.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { formatDateTime } from '../components/format.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useAction } from '../components/use-submit.ts';
import { LoadedTable } from '../components/LoadedTable.tsx';

const refOf = (q: QueueItem): ObjectRef => ({
  objectType: q.objectType as ObjectRef['objectType'],
  objectId: q.objectId,
});
const labelOf = (q: QueueItem) => q.label ?? `${q.objectType} #${q.objectId}`;

/** The objects a target could not bring in step, with their errors; retry them now or skip them until they change. */
export function ErrorQueue({ target, tick, onChanged }: { target: Target; tick: number; onChanged: () => void }) {
  const { abilities } = useUser();
  const may = abilities['provision:configure'];
  const queue = useResource((signal) => provisionApi.queue(target.name, 'errors', signal), [target.name, tick]);
  const { error, act: perform } = useAction(onChanged);
  const [done, setDone] = useState('');
  const act = (what: string, action: () => Promise<{ affected: number }>) =>
    perform(async () => {
      setDone('');
      const { affected } = await action();
      setDone(`${affected} ${affected === 1 ? 'object' : 'objects'} ${what}.`);
    });
  return (
    <section className="card" aria-labelledby="queue-h" data-testid="error-queue">
      <div className="page-head">
        <h2 id="queue-h">Error queue</h2>
        {may && queue.status === 'ready' && queue.data.length > 0 && (
          <button type="button" onClick={() => act('queued to try again', () => provisionApi.retry(target.name))}>
            Retry all failed
          </button>
        )}
      </div>
      <ProblemMessage error={error} />
      {done && (
        <p className="muted" role="status">
          {done}
        </p>
      )}
      <LoadedTable
        resource={queue}
        what="Loading the error queue"
        empty="Nothing is failing."
        testId="queue"
        columns={['Object', 'State', 'Attempts', 'Next try', 'Last error']}
        actions={may}
      >
        {(q) => (
          <tr key={`${q.objectType}-${q.objectId}`} data-object={`${q.objectType}-${q.objectId}`}>
            <td>{labelOf(q)}</td>
            <td>{q.state}</td>
            <td className="num">{q.attempts}</td>
            <td className="nowrap">{q.state === 'waiting' ? 'after a retry' : formatDateTime(q.nextAt)}</td>
            <td>{q.lastError}</td>
            {may && (
              <td className="nowrap">
                <button
                  type="button"
                  className="small"
                  aria-label={`Retry ${labelOf(q)}`}
                  onClick={() => act('queued to try again', () => provisionApi.retry(target.name, [refOf(q)]))}
                >
                  Retry
                </button>{' '}
                <button
                  type="button"
                  className="small"
                  aria-label={`Skip ${labelOf(q)}`}
                  onClick={() => act('skipped', () => provisionApi.skip(target.name, [refOf(q)]))}
                >
                  Skip
                </button>
              </td>
            )}
          </tr>
        )}
      </LoadedTable>
    </section>
  );
}
