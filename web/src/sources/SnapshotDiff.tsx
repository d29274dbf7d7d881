import { type KeyboardEvent, useId, useRef, useState } from 'react';
import type { DiffChange, DiffEntry, Snapshot } from '../api/snapshot-types.ts';
import { snapshotsApi } from '../api/snapshots.ts';
import { useResource } from '../api/use-resource.ts';
import { ChangeDiff } from '../components/ChangeDiff.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Empty, Loaded } from '../components/States.tsx';
import { RecordSummary } from './RecordSummary.tsx';
import { count } from './SnapshotState.tsx';

const tabs: { change: DiffChange; label: string }[] = [
  { change: 'added', label: 'Added' },
  { change: 'changed', label: 'Changed' },
  { change: 'removed', label: 'Removed' },
];

/** A held snapshot's or dry run's differences from what the source has on file, one tab per kind of change. */
export function SnapshotDiff({ snapshot }: { snapshot: Snapshot }) {
  const [selected, setSelected] = useState<DiffChange>(
    () => tabs.find((t) => (snapshot[t.change] ?? 0) > 0)?.change ?? 'added',
  );
  const base = useId();
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const onKey = (e: KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.change === selected);
    const next =
      e.key === 'ArrowRight'
        ? (i + 1) % tabs.length
        : e.key === 'ArrowLeft'
          ? (i + tabs.length - 1) % tabs.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? tabs.length - 1
              : -1;
    if (next < 0) return;
    e.preventDefault();
    setSelected(tabs[next].change);
    refs.current[tabs[next].change]?.focus();
  };
  return (
    <section className="card" aria-labelledby={`${base}-h`} data-testid="snapshot-diff">
      <h2 id={`${base}-h`}>What it would change</h2>
      <div role="tablist" aria-label="Changes" className="tabs" onKeyDown={onKey}>
        {tabs.map((t) => (
          <button
            key={t.change}
            ref={(el) => {
              refs.current[t.change] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${t.change}`}
            aria-selected={selected === t.change}
            aria-controls={`${base}-panel-${t.change}`}
            tabIndex={selected === t.change ? 0 : -1}
            onClick={() => setSelected(t.change)}
          >
            {t.label} <span className="badge">{count(snapshot[t.change])}</span>
          </button>
        ))}
      </div>
      {tabs.map((t) => (
        <div
          key={t.change}
          role="tabpanel"
          id={`${base}-panel-${t.change}`}
          aria-labelledby={`${base}-tab-${t.change}`}
          hidden={selected !== t.change}
          className="tab-panel"
        >
          {selected === t.change && <DiffPanel id={snapshot.id} change={t.change} />}
        </div>
      ))}
    </section>
  );
}

/** One kind of change, a page at a time (by record key), with "show more". */
function DiffPanel({ id, change }: { id: number; change: DiffChange }) {
  const first = useResource((signal) => snapshotsApi.diff(id, change, null, signal), [id, change]);
  const [more, setMore] = useState<{ items: DiffEntry[]; next: string | null } | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <Loaded resource={first} what="Loading the differences">
      {(page) => {
        const items = [...page.items, ...(more?.items ?? [])];
        const next = more ? more.next : page.next;
        const loadMore = async () => {
          setBusy(true);
          setError(undefined);
          try {
            const got = await snapshotsApi.diff(id, change, next);
            setMore({ items: [...(more?.items ?? []), ...got.items], next: got.next });
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        };
        if (!items.length) return <Empty>No {change} records.</Empty>;
        return (
          <>
            <ul className="plain diff-list" data-testid={`diff-${change}`}>
              {items.map((item) => (
                <li key={item.recordKey} data-record={item.recordKey} className="diff-item">
                  <div>
                    <span className="mono">{item.recordKey}</span>
                    {item.line !== null && <span className="muted"> · line {item.line}</span>}
                  </div>
                  {change === 'added' && item.record && <RecordSummary record={item.record} />}
                  {change === 'removed' && item.previous && <RecordSummary record={item.previous} />}
                  {change === 'changed' && (
                    <>
                      {item.record && <RecordSummary record={item.record} />}
                      {item.previous ? (
                        <ChangeDiff before={item.previous} after={item.record} />
                      ) : (
                        <p className="muted">What the source said before was not kept; only the new record is known.</p>
                      )}
                    </>
                  )}
                </li>
              ))}
            </ul>
            <ProblemMessage error={error} />
            {next !== null && (
              <button type="button" onClick={loadMore} disabled={busy}>
                {busy ? 'Loading…' : 'Show more'}
              </button>
            )}
          </>
        );
      }}
    </Loaded>
  );
}
