import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ChangePage } from '../api/audit-types.ts';
import { api } from '../api/client.ts';
import { useResource } from '../api/use-resource.ts';
import { TextField } from '../components/Field.tsx';
import { formatDateTime } from '../components/format.ts';
import { Empty, Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';

const LIMIT = 50;

/**
 * The change log as a consumer sees it: positions after a cursor, in commit order. By
 * default it opens on the newest positions; "Earlier" and "Later" move the cursor.
 */
export function ChangeLogPage() {
  usePageTitle('Change log');
  const [params, setParams] = useSearchParams();
  const afterParam = params.get('after');
  const entityType = params.get('entityType') ?? '';
  const [draft, setDraft] = useState({ after: afterParam ?? '', entityType });
  const page = useResource(
    async (signal) => {
      let after = afterParam === null ? null : Math.max(0, Number(afterParam) || 0);
      if (after === null) {
        // Newest first visit: ask for the head, then read the last page before it.
        const probe = await api.get<ChangePage>('/changes', { after: 0, limit: 1, entityType }, signal);
        after = Math.max(0, probe.head - LIMIT);
      }
      return { after, ...(await api.get<ChangePage>('/changes', { after, limit: LIMIT, entityType }, signal)) };
    },
    [afterParam, entityType],
  );

  const go = (after: number) => {
    const next = new URLSearchParams(params);
    next.set('after', String(Math.max(0, after)));
    setParams(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    if (draft.after.trim()) next.set('after', draft.after.trim());
    if (draft.entityType.trim()) next.set('entityType', draft.entityType.trim());
    setParams(next);
  };

  return (
    <section>
      <div className="page-head">
        <h1>Change log</h1>
      </div>
      <form className="card row" onSubmit={submit} aria-label="Cursor" style={{ alignItems: 'flex-end' }}>
        <TextField
          label="After position"
          name="after"
          type="number"
          value={draft.after}
          onChange={(v) => setDraft((d) => ({ ...d, after: v }))}
          hint="empty: the newest positions"
          error={page.error}
        />
        <TextField
          label="Entity type"
          name="entityType"
          value={draft.entityType}
          onChange={(v) => setDraft((d) => ({ ...d, entityType: v }))}
          hint="e.g. person, org"
          error={page.error}
        />
        <div className="field">
          <button type="submit" className="primary">
            Read
          </button>
        </div>
      </form>
      <Loaded resource={page} what="Reading the change log">
        {({ after, changes, next, head }) => (
          <div className="card">
            <p className="muted">
              Positions after {after}; the log's head is {head}. A consumer resumes from <code>next = {next}</code>.
            </p>
            <nav className="row" aria-label="Pages" style={{ marginBottom: '0.8rem' }}>
              <button type="button" onClick={() => go(after - LIMIT)} disabled={after === 0}>
                Earlier
              </button>
              <button type="button" onClick={() => go(next)} disabled={next >= head}>
                Later
              </button>
              <button
                type="button"
                onClick={() => setParams(entityType ? new URLSearchParams({ entityType }) : new URLSearchParams())}
              >
                Newest
              </button>
            </nav>
            {changes.length === 0 ? (
              <Empty>No changes after position {after}.</Empty>
            ) : (
              <div className="table-wrap">
                <table data-testid="changes" data-entity-type={entityType}>
                  <thead>
                    <tr>
                      <th>Position</th>
                      <th>When</th>
                      <th>Entity</th>
                      <th>Op</th>
                      <th>Data</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...changes].reverse().map((c) => (
                      <tr key={c.position}>
                        <td className="mono">{c.position}</td>
                        <td>{formatDateTime(c.at)}</td>
                        <td>
                          {c.entityType} <span className="mono">{c.entityId}</span>
                        </td>
                        <td>
                          <span className="badge">{c.op}</span>
                        </td>
                        <td>
                          <details>
                            <summary>data</summary>
                            <pre className="json">{JSON.stringify(c.data, null, 2)}</pre>
                          </details>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        )}
      </Loaded>
    </section>
  );
}
