import { peopleApi } from '../api/people.ts';
import { useResource } from '../api/use-resource.ts';
import { AuditEntryView } from '../components/AuditEntryView.tsx';
import { Empty, Loaded } from '../components/States.tsx';

/** Every audited change to a person, newest first: who, when, what, why, before and after. */
export function PersonHistory({ id, version }: { id: number; version: number }) {
  const history = useResource((signal) => peopleApi.history(id, signal), [id, version]);
  return (
    <section className="card" aria-labelledby="history-h">
      <h2 id="history-h">History</h2>
      <Loaded resource={history} what="Loading the history">
        {(entries) => entries.length === 0 ? <Empty>No recorded changes.</Empty> : (
          <ul className="plain" data-testid="person-history">{entries.map((e) => <AuditEntryView key={e.seq} entry={e} />)}</ul>
        )}
      </Loaded>
    </section>
  );
}
