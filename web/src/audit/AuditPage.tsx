import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { AuditEntry } from '../api/audit-types.ts';
import { api } from '../api/client.ts';
import { useResource } from '../api/use-resource.ts';
import { AuditEntryView } from '../components/AuditEntryView.tsx';
import { TextField } from '../components/Field.tsx';
import { Empty, Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { VerifyChain } from './VerifyChain.tsx';

const PAGE = 50;
const filters = ['targetType', 'targetId', 'actor', 'action'] as const;
type Filter = (typeof filters)[number];

/** Search the audit trail by target, actor and action; page back through older rows; verify the chain. */
export function AuditPage() {
  usePageTitle('Audit trail');
  const [params, setParams] = useSearchParams();
  const [draft, setDraft] = useState<Record<Filter, string>>(
    () => Object.fromEntries(filters.map((f) => [f, params.get(f) ?? ''])) as Record<Filter, string>,
  );
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [olderError, setOlderError] = useState<unknown>();
  const query = Object.fromEntries(filters.map((f) => [f, params.get(f) ?? undefined]));
  const key = params.toString();
  const first = useResource(
    (signal) => {
      setOlder([]);
      return api.get<AuditEntry[]>('/audit', { ...query, limit: PAGE }, signal);
    },
    [key],
  );

  const search = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const f of filters) if (draft[f].trim()) next.set(f, draft[f].trim());
    setParams(next);
  };
  const loadOlder = async (entries: AuditEntry[]) => {
    setOlderError(undefined);
    try {
      const more = await api.get<AuditEntry[]>('/audit', {
        ...query,
        limit: PAGE,
        beforeSeq: entries[entries.length - 1].seq,
      });
      setOlder((o) => [...o, ...more]);
    } catch (err) {
      setOlderError(err);
    }
  };
  const set = (f: Filter) => (v: string) => setDraft((d) => ({ ...d, [f]: v }));

  return (
    <section>
      <div className="page-head">
        <h1>Audit trail</h1>
      </div>
      <div className="grid-2">
        <form className="card" onSubmit={search} role="search" aria-label="Search the audit trail">
          <div className="form-grid">
            <TextField
              label="Target type"
              name="targetType"
              value={draft.targetType}
              onChange={set('targetType')}
              hint="e.g. person, org"
              error={first.error}
            />
            <TextField
              label="Target id"
              name="targetId"
              value={draft.targetId}
              onChange={set('targetId')}
              error={first.error}
            />
            <TextField
              label="Actor"
              name="actor"
              value={draft.actor}
              onChange={set('actor')}
              hint="username"
              error={first.error}
            />
            <TextField
              label="Action"
              name="action"
              value={draft.action}
              onChange={set('action')}
              hint='prefix, e.g. "person." or "org.move"'
              error={first.error}
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="primary">
              Search
            </button>
            <button
              type="button"
              onClick={() => {
                setDraft({ targetType: '', targetId: '', actor: '', action: '' });
                setParams(new URLSearchParams());
              }}
            >
              Clear
            </button>
          </div>
        </form>
        <VerifyChain />
      </div>
      <Loaded resource={first} what="Loading the audit trail">
        {(entries) => {
          const all = [...entries, ...older];
          if (!all.length) return <Empty>No audit entries match.</Empty>;
          const more = older.length ? older.length % PAGE === 0 : entries.length === PAGE;
          return (
            <div className="card">
              <h2>
                {all.length} entries{more ? ' so far' : ''}, newest first
              </h2>
              <ul className="plain" data-testid="audit-entries">
                {all.map((e) => (
                  <AuditEntryView key={e.seq} entry={e} showTarget />
                ))}
              </ul>
              {olderError !== undefined && (
                <p className="field-error">Could not load older entries: {(olderError as Error).message}</p>
              )}
              {more && (
                <button type="button" onClick={() => loadOlder(all)}>
                  Older entries
                </button>
              )}
            </div>
          );
        }}
      </Loaded>
    </section>
  );
}
