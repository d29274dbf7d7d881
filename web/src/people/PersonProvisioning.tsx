import { provisionApi } from '../api/provision.ts';
import type { PersonTarget } from '../api/provision-types.ts';
import { useResource } from '../api/use-resource.ts';
import { formatDateTime } from '../components/format.ts';
import { Loaded } from '../components/States.tsx';

/**
 * A person's provisioning, per directory target: provisioned or not and why (which selection rule, or what is
 * missing), the DN there, its groups, the last write, and a change still queued with its error. Left out when no
 * directory target is defined.
 */
export function PersonProvisioning({ personId, version }: { personId: number; version: number }) {
  const targets = useResource((signal) => provisionApi.person(personId, signal), [personId, version]);
  if (targets.status === 'ready' && targets.data.length === 0) return null;
  return (
    <section className="card" aria-labelledby="provisioning-h" data-testid="person-provisioning">
      <h2 id="provisioning-h">Provisioning</h2>
      <Loaded resource={targets} what="Loading the provisioning">
        {(list) => list.map((t) => <TargetFacts key={t.target} t={t} />)}
      </Loaded>
    </section>
  );
}

function TargetFacts({ t }: { t: PersonTarget }) {
  return (
    <div data-target={t.target}>
      <h3>
        {t.label || t.target}{' '}
        {t.provisioned ? (
          <span className="badge badge-ok">provisioned</span>
        ) : (
          <span className="badge badge-warn">{t.state === 'disabled' ? 'disabled' : 'not provisioned'}</span>
        )}
      </h3>
      <dl className="facts">
        <dt>Provisioned</dt>
        <dd>{t.provisioned ? 'yes' : 'no'}</dd>
        <dt>Why</dt>
        <dd>{t.why}</dd>
        <dt>DN</dt>
        <dd className="mono">{t.remoteId ?? '—'}</dd>
        <dt>Groups</dt>
        <dd>{t.groups.length ? t.groups.join(', ') : '—'}</dd>
        <dt>Last write</dt>
        <dd>{t.lastWrite ? formatDateTime(t.lastWrite) : 'never'}</dd>
        <dt>Pending change</dt>
        <dd data-testid="pending">
          {t.pending ? (
            <>
              {t.pending.state}, {t.pending.attempts} {t.pending.attempts === 1 ? 'attempt' : 'attempts'}, next try{' '}
              {formatDateTime(t.pending.nextAt)}
              {t.pending.lastError && <div className="field-error">{t.pending.lastError}</div>}
            </>
          ) : (
            'none'
          )}
        </dd>
      </dl>
    </div>
  );
}
