import { type FormEvent, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { problemsFor } from '../api/problems.ts';
import { streamsApi } from '../api/streams.ts';
import { useResource } from '../api/use-resource.ts';
import { Loaded } from '../components/States.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { changedValues, type Drafts, draftsOf } from './value-drafts.ts';
import { ValueInput } from './ValueInput.tsx';

/**
 * A stream's generated form: one row per status type, one input per field by its type;
 * saved with If-Match, the server's problems shown beside the cells they name.
 */
export function StreamPage() {
  const { name = '' } = useParams();
  usePageTitle(`Stream ${name}`);
  const values = useResource((signal) => streamsApi.values(name, signal), [name]);
  const [drafts, setDrafts] = useState<Drafts>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (values.status === 'ready') setDrafts(draftsOf(values.data.data));
  }, [values.status === 'ready' ? values.data : null]);

  return (
    <Loaded resource={values} what="Loading the stream">
      {({ data, etag }) => {
        const editable = data.abilities.setValues;
        const original = draftsOf(data);
        const changes = changedValues(data.fields, original, drafts);
        const dirty = Object.keys(changes).length > 0;
        const save = async (e: FormEvent) => {
          e.preventDefault();
          setSaving(true);
          setError(null);
          setSaved(false);
          try {
            await streamsApi.setValues(name, changes, etag);
            setSaved(true);
            values.reload();
          } catch (err) {
            setError(err);
          } finally {
            setSaving(false);
          }
        };
        const shownFields = data.rows.flatMap((r) => data.fields.map((f) => `values/${r.statusTypeId}/${f.name}`));
        return (
          <section>
            <nav className="crumbs" aria-label="Breadcrumb">
              <Link to="/streams">Streams</Link> / {data.stream}
            </nav>
            <div className="page-head">
              <h1>{data.label}</h1>
            </div>
            <p className="muted">
              Managed by the office <strong>{data.accessRole}</strong>. An empty cell has the field’s default.
              {editable ? '' : ' You may read these values but not change them.'}
            </p>
            <form aria-label={`Values of ${data.label}`} onSubmit={save}>
              <ProblemMessage error={error} shownFields={shownFields} onReload={values.reload} />
              {saved && !dirty && (
                <div className="alert alert-ok" role="status">
                  Saved.
                </div>
              )}
              <div className="table-wrap">
                <table data-testid="stream-values">
                  <thead>
                    <tr>
                      <th scope="col">Status</th>
                      {data.fields.map((f) => (
                        <th key={f.name} scope="col">
                          {f.label}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {data.rows.map((r) => (
                      <tr key={r.statusTypeId} data-status-type={r.statusType}>
                        <th scope="row">{r.statusType}</th>
                        {data.fields.map((f) => {
                          const problems = problemsFor(error, `values/${r.statusTypeId}/${f.name}`);
                          const errorId = problems.length ? `err-${r.statusTypeId}-${f.name}` : undefined;
                          return (
                            <td
                              key={f.name}
                              data-field={f.name}
                              className={problems.length ? 'field-invalid' : undefined}
                            >
                              <ValueInput
                                field={f}
                                label={`${f.label} for ${r.statusType}`}
                                value={drafts[r.statusTypeId]?.[f.name] ?? ''}
                                onChange={(v) =>
                                  setDrafts((d) => ({ ...d, [r.statusTypeId]: { ...d[r.statusTypeId], [f.name]: v } }))
                                }
                                disabled={!editable || saving}
                                invalid={problems.length > 0}
                                describedBy={errorId}
                              />
                              {errorId && (
                                <div className="field-error" id={errorId} role="alert">
                                  {problems.map((p, i) => (
                                    <div key={i}>
                                      {p.message} <span className="rule">({p.rule})</span>
                                    </div>
                                  ))}
                                </div>
                              )}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {editable && (
                <div className="actions">
                  <button type="submit" className="primary" disabled={!dirty || saving}>
                    {saving ? 'Saving…' : 'Save values'}
                  </button>
                  <button
                    type="button"
                    disabled={!dirty || saving}
                    onClick={() => {
                      setDrafts(original);
                      setError(null);
                    }}
                  >
                    Undo changes
                  </button>
                </div>
              )}
            </form>
          </section>
        );
      }}
    </Loaded>
  );
}
