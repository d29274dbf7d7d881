import { useState } from 'react';
import { type CreatedDecisionClient, type DecisionClient, decisionClientsApi } from '../api/decision-clients.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { formatDateTime } from '../components/format.ts';
import { LoadedTable } from '../components/LoadedTable.tsx';
import { PageHead } from '../components/PageHead.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useAction } from '../components/use-submit.ts';
import { usePageTitle } from '../layout/use-page-title.ts';
import { ClientForm } from './ClientForm.tsx';
import { SecretOnce } from './SecretOnce.tsx';

type Pending = { client: DecisionClient; verb: 'rotate' | 'revoke' };

const CONFIRM: Record<Pending['verb'], { title: string; text: string; button: string }> = {
  rotate: {
    title: 'Rotate the secret?',
    text: 'A new secret is made and shown once. The old secret and every token issued with it stop working at once.',
    button: 'Rotate secret',
  },
  revoke: {
    title: 'Revoke the client?',
    text: 'Its secret and tokens stop working at once, for good. A revoked client cannot be brought back.',
    button: 'Revoke',
  },
};

/**
 * Decision clients, for system administrators: programs that may only ask the decision point (POST /check), for named
 * applications or all. Lists them with their applications, creation, last use and state; creates one (its secret
 * shown once), rotates a secret and revokes a client, each after a confirmation.
 */
export function DecisionClientsPage() {
  usePageTitle('Decision clients');
  const may = useUser().abilities['accounts:manage'];
  const clients = useResource((signal) => decisionClientsApi.list(signal), []);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ created: CreatedDecisionClient; rotated: boolean } | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const { error, busy, act } = useAction(clients.reload);
  const confirm = (p: Pending) =>
    act(async () => {
      setPending(null);
      if (p.verb === 'revoke') await decisionClientsApi.revoke(p.client);
      else setSecret({ created: await decisionClientsApi.rotate(p.client), rotated: true });
    });
  if (!may)
    return (
      <section>
        <PageHead title="Decision clients" />
        <p>Only system administrators manage decision clients.</p>
      </section>
    );
  return (
    <section>
      <PageHead title="Decision clients">
        {!creating && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New client
          </button>
        )}
      </PageHead>
      <p className="muted">
        Programs that ask Steward&apos;s decision point whether someone may do something, and nothing else. Each has an
        id and a secret; Steward keeps only a hash of the secret.
      </p>
      {secret && <SecretOnce {...secret} onDone={() => setSecret(null)} />}
      {creating && (
        <ClientForm
          onCancel={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setSecret({ created, rotated: false });
            clients.reload();
          }}
        />
      )}
      <ProblemMessage error={error} onReload={clients.reload} />
      <LoadedTable
        resource={clients}
        what="Loading the decision clients"
        empty="No decision client yet."
        testId="decision-clients"
        columns={['Client', 'Applications', 'Created', 'Last used', 'State']}
        actions
      >
        {(c) => (
          <tr key={c.name} data-client={c.name}>
            <td>
              {c.label} <span className="muted mono">{c.name}</span>
            </td>
            <td>
              {c.applications === null ? <span className="muted">every application</span> : c.applications.join(', ')}
            </td>
            <td className="nowrap">
              {formatDateTime(c.createdAt)} <span className="muted">by {c.createdBy}</span>
            </td>
            <td className="nowrap">{c.lastUsedAt ? formatDateTime(c.lastUsedAt) : 'never'}</td>
            <td>
              {c.revokedAt ? (
                <span className="badge badge-bad">revoked {formatDateTime(c.revokedAt)}</span>
              ) : (
                <span className="badge badge-ok">active</span>
              )}
            </td>
            <td className="nowrap">
              {!c.revokedAt && (
                <>
                  <button type="button" disabled={busy} onClick={() => setPending({ client: c, verb: 'rotate' })}>
                    Rotate secret
                  </button>{' '}
                  <button type="button" disabled={busy} onClick={() => setPending({ client: c, verb: 'revoke' })}>
                    Revoke
                  </button>
                </>
              )}
            </td>
          </tr>
        )}
      </LoadedTable>
      <ConfirmDialog
        pending={pending}
        words={(p) => CONFIRM[p.verb]}
        about={(p, text) => (
          <>
            <span className="mono">{p.client.name}</span> ({p.client.label}): {text}
          </>
        )}
        onConfirm={confirm}
        onCancel={() => setPending(null)}
      />
    </section>
  );
}
