import { useEffect, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { provisionApi } from '../api/provision.ts';
import type { PassReport, Target } from '../api/provision-types.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { formatDateTime } from '../components/format.ts';
import { PageHead } from '../components/PageHead.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useAction } from '../components/use-submit.ts';
import { Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { DeliveriesPanel } from './DeliveriesPanel.tsx';
import { ErrorQueue } from './ErrorQueue.tsx';
import { FullSyncPanel } from './FullSyncPanel.tsx';
import { PassReportView } from './PassReportView.tsx';
import { draftOf, inputOf, KIND_LABELS, kindLabel, writesAccounts } from './target-draft.ts';
import { TargetForm } from './TargetForm.tsx';
import { StateBadge, TargetSummary } from './TargetSummary.tsx';

/**
 * A target: its settings (edited with If-Match), pause and resume, a pass now with its report, a held mass change
 * to release, the error queue, and the full sync (LDAP, SCIM) or the deliveries (webhook). Actions show only to
 * those who may configure provisioning.
 */
export function TargetPage() {
  const { name = '' } = useParams();
  usePageTitle(`Target ${name}`);
  const location = useLocation();
  const navigate = useNavigate();
  // A secret Steward made comes with the navigation from the form; it is shown while this page stays open, then gone.
  const [generatedSecret] = useState((location.state as { generatedSecret?: string } | null)?.generatedSecret);
  useEffect(() => {
    if (location.state) navigate(location.pathname, { replace: true, state: null });
  }, [location.state, location.pathname, navigate]);
  const target = useResource((signal) => provisionApi.get(name, signal), [name]);
  // Bumped after an action, so the panels below read again.
  const [tick, setTick] = useState(0);
  const changed = () => {
    target.reload();
    setTick((t) => t + 1);
  };
  return (
    <Loaded resource={target} what="Loading the target">
      {({ data, etag }) => (
        <section>
          <PageHead
            title={data.label || data.name}
            parent={{ to: '/provisioning', label: 'Provisioning', here: data.name }}
          >
            <StateBadge target={data} />
          </PageHead>
          {generatedSecret && <GeneratedSecret secret={generatedSecret} />}
          <TargetHead target={data} etag={etag} onChanged={changed} />
          <ErrorQueue target={data} tick={tick} onChanged={changed} />
          {writesAccounts(data.kind) && <FullSyncPanel target={data} tick={tick} />}
          {data.kind === 'webhook' && <DeliveriesPanel target={data} tick={tick} onChanged={changed} />}
        </section>
      )}
    </Loaded>
  );
}

function GeneratedSecret({ secret }: { secret: string }) {
  return (
    <div className="alert alert-warn" role="status" data-testid="generated-secret">
      <p>
        <strong>Steward made this target&apos;s signing secret:</strong> <code className="mono">{secret}</code>
      </p>
      <p>Copy it now, it will not be shown again. The receiver checks each delivery&apos;s signature with it.</p>
    </div>
  );
}

/** The settings with Edit, the state with Pause/Resume and Run now, the hold with Release, and the last pass. */
function TargetHead({ target: t, etag, onChanged }: { target: Target; etag: string; onChanged: () => void }) {
  const { abilities } = useUser();
  const may = abilities['provision:configure'];
  const [editing, setEditing] = useState(false);
  const [report, setReport] = useState<PassReport | null>(null);
  const { error, busy, act: perform } = useAction(onChanged);
  const act = (action: () => Promise<PassReport | unknown>) =>
    perform(async () => {
      const result = await action();
      if (result && typeof result === 'object' && 'queued' in result) setReport(result as PassReport);
    });
  return (
    <>
      {t.hold && (
        <div className="alert alert-warn" role="status" data-testid="hold">
          <p>
            <strong>A mass change is held:</strong> the pass {t.hold.reason}. Held since {formatDateTime(t.hold.since)};
            nothing is disabled or deleted until it is released.
          </p>
          {may && (
            <button type="button" disabled={busy} onClick={() => act(() => provisionApi.release(t.name))}>
              Release
            </button>
          )}
        </div>
      )}
      <p className="muted" data-testid="target-facts">
        {kindLabel(t.kind, 'long')} · {t.counts.provisioned} provisioned, {t.counts.disabled} disabled,{' '}
        {t.counts.pending} pending, {t.counts.errors} with errors, {t.counts.waiting} waiting · last run{' '}
        {t.lastRunAt ? formatDateTime(t.lastRunAt) : 'never'}
      </p>
      {t.lastError && (
        <div className="alert alert-error" role="status" data-testid="last-error">
          <p>
            <strong>Last error:</strong> {t.lastError}
          </p>
        </div>
      )}
      <ProblemMessage error={error} onReload={onChanged} />
      {may && (
        <div className="actions">
          <button type="button" className="primary" disabled={busy} onClick={() => act(() => provisionApi.run(t.name))}>
            Run now
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => act(() => provisionApi.setState(t.name, t.state === 'paused' ? 'resume' : 'pause', etag))}
          >
            {t.state === 'paused' ? 'Resume' : 'Pause'}
          </button>
          {!editing && t.kind in KIND_LABELS && (
            <button type="button" onClick={() => setEditing(true)}>
              Edit
            </button>
          )}
        </div>
      )}
      {report && <PassReportView report={report} kind={t.kind} />}
      <section className="card" aria-labelledby="settings-h">
        <h2 id="settings-h">Settings</h2>
        {editing ? (
          <TargetForm
            key={t.version}
            initial={draftOf(t)}
            creating={false}
            onCancel={() => setEditing(false)}
            onSave={async (d) => {
              const { name: _n, ...input } = inputOf(d, false);
              await provisionApi.update(t.name, input, etag);
              setEditing(false);
              onChanged();
            }}
          />
        ) : (
          <TargetSummary target={t} />
        )}
      </section>
    </>
  );
}
