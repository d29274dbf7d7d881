import { useState } from 'react';
import { type MailTemplate, mailApi } from '../api/mail.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { OutboxTable } from './OutboxTable.tsx';
import { TemplateEditDialog } from './TemplateEditDialog.tsx';

/** Your own digest choice; for administrators and auditors the outbox and the templates. */
export function MailPage() {
  usePageTitle('Mail');
  const { abilities } = useUser();
  return (
    <section>
      <div className="page-head">
        <h1>Mail</h1>
      </div>
      <DigestChoice />
      {abilities['mail:read'] && <OutboxTable canRetry={abilities['mail:configure']} />}
      {abilities['mail:read'] && <Templates canEdit={abilities['mail:configure']} />}
    </section>
  );
}

function DigestChoice() {
  const preference = useResource((signal) => mailApi.preference(signal), []);
  const [error, setError] = useState<unknown>();
  const [chosen, setChosen] = useState<boolean | null>(null);
  const choose = async (dailyDigest: boolean, version: number) => {
    setError(undefined);
    setChosen(dailyDigest);
    try {
      await mailApi.setPreference(dailyDigest, version);
    } catch (err) {
      setError(err);
      setChosen(null);
    }
    preference.reload();
  };
  return (
    <section aria-labelledby="digest-head">
      <h2 id="digest-head">Your mail</h2>
      <ProblemMessage error={error} />
      <Loaded resource={preference} what="Loading your mail preference">
        {(p) => (
          <label className="check">
            <input
              type="checkbox"
              name="dailyDigest"
              checked={chosen ?? p.dailyDigest}
              onChange={(e) => choose(e.target.checked, p.version)}
            />{' '}
            Send me requests that wait for my approval as one daily digest{p.address ? ` (to ${p.address})` : ''}
          </label>
        )}
      </Loaded>
    </section>
  );
}

function Templates({ canEdit }: { canEdit: boolean }) {
  const templates = useResource((signal) => mailApi.templates(signal), []);
  const [editing, setEditing] = useState<MailTemplate | null>(null);
  return (
    <section aria-labelledby="templates-head">
      <h2 id="templates-head">Templates</h2>
      <Loaded resource={templates} what="Loading the mail templates">
        {(list) => (
          <div className="table-wrap">
            <table data-testid="templates">
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Preview</th>
                  {canEdit && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {list.map((t) => (
                  <tr key={t.event} data-event={t.event}>
                    <td className="mono">
                      {t.event}
                      <div className="muted">{t.description}</div>
                    </td>
                    <td className="mono">{t.subject}</td>
                    <td>{t.preview.subject}</td>
                    {canEdit && (
                      <td>
                        <button type="button" onClick={() => setEditing(t)}>
                          Edit…
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
      {editing && (
        <TemplateEditDialog
          template={editing}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            templates.reload();
          }}
        />
      )}
    </section>
  );
}
