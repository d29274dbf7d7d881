import { useState } from 'react';
import type { AuditEntry } from '../api/audit-types.ts';
import { peopleApi } from '../api/people.ts';
import { useResource } from '../api/use-resource.ts';
import { AuditEntryView } from '../components/AuditEntryView.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Empty, Loaded } from '../components/States.tsx';

const PAGE = 100;

/** Every audited change to a person (and to records merged into them), newest first, a page at a time. */
export function PersonHistory({ id, version }: { id: number; version: number }) {
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [olderError, setOlderError] = useState<unknown>();
  const history = useResource(
    (signal) => {
      setOlder([]);
      return peopleApi.history(id, { limit: PAGE }, signal);
    },
    [id, version],
  );
  const loadOlder = async (shown: AuditEntry[]) => {
    setOlderError(undefined);
    try {
      const more = await peopleApi.history(id, { limit: PAGE, beforeSeq: shown[shown.length - 1].seq });
      setOlder((o) => [...o, ...more]);
    } catch (err) {
      setOlderError(err);
    }
  };
  return (
    <section className="card" aria-labelledby="history-h">
      <h2 id="history-h">History</h2>
      <Loaded resource={history} what="Loading the history">
        {(entries) => {
          const all = [...entries, ...older];
          if (!all.length) return <Empty>No recorded changes.</Empty>;
          const more = older.length ? older.length % PAGE === 0 : entries.length === PAGE;
          return (
            <>
              <ul className="plain" data-testid="person-history">
                {all.map((e) => (
                  <AuditEntryView key={e.seq} entry={e} showTarget={e.targetId !== String(id)} />
                ))}
              </ul>
              <ProblemMessage error={olderError} />
              {more && (
                <button type="button" onClick={() => loadOlder(all)}>
                  Older changes
                </button>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
