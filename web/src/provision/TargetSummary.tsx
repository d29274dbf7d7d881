import type { Target } from '../api/provision-types.ts';

/** Active or paused, and "held" when a mass change waits for release. */
export function StateBadge({ target }: { target: Target }) {
  return (
    <>
      <span className={`badge ${target.state === 'active' ? 'badge-ok' : 'badge-warn'}`}>{target.state}</span>
      {target.hold && (
        <>
          {' '}
          <span className="badge badge-bad" title={target.hold.reason}>
            held
          </span>
        </>
      )}
    </>
  );
}

const text = (v: unknown): string => (Array.isArray(v) ? v.join(', ') : typeof v === 'string' ? v : '');
const orNone = (v: string) => v || '—';

/** A target's settings in words; secrets only as "set" or "not set". */
export function TargetSummary({ target: t }: { target: Target }) {
  const secret = (key: string) => (t.secretsSet.includes(key) ? 'set' : 'not set');
  if (t.kind === 'scim')
    return (
      <dl className="facts" data-testid="target-summary">
        <dt>Base URL</dt>
        <dd className="mono">{text(t.settings.url)}</dd>
        <dt>Bearer token</dt>
        <dd>{secret('token')}</dd>
        <dt>Timeout</dt>
        <dd>{String(t.settings.timeoutSeconds ?? '—')} s</dd>
        <dt>Group folders</dt>
        <dd>{orNone(text(t.settings.groupFolders))}</dd>
        <AccountFacts target={t} groupsLabel="Pushed groups" />
      </dl>
    );
  if (t.kind !== 'ldap')
    return (
      <dl className="facts" data-testid="target-summary">
        <dt>Receiver URL</dt>
        <dd className="mono">{text(t.settings.url)}</dd>
        <dt>Events</dt>
        <dd className="mono">{orNone(text(t.settings.events))}</dd>
        <dt>Signing secret</dt>
        <dd>{secret('secret')}</dd>
      </dl>
    );
  return (
    <dl className="facts" data-testid="target-summary">
      <dt>URL</dt>
      <dd className="mono">{text(t.settings.url)}</dd>
      <dt>Bind DN</dt>
      <dd className="mono">{text(t.settings.bindDn)}</dd>
      <dt>Password</dt>
      <dd>{secret('password')}</dd>
      <dt>Base DN</dt>
      <dd className="mono">{text(t.settings.baseDn)}</dd>
      <dt>Groups DN</dt>
      <dd className="mono">{text(t.settings.groupsDn)}</dd>
      <AccountFacts target={t} groupsLabel="Directory groups" />
    </dl>
  );
}

/** Who is selected, the mapping, the groups written, leavers and the threshold: LDAP and SCIM alike. */
function AccountFacts({ target: t, groupsLabel }: { target: Target; groupsLabel: string }) {
  const groups = t.groups.map((g) => ('group' in g ? g.group : g.role) + (g.name ? ` (as ${g.name})` : ''));
  return (
    <>
      <dt>Statuses</dt>
      <dd>{orNone(t.selection.statuses?.join(', ') ?? '')}</dd>
      <dt>Org units</dt>
      <dd>{t.selection.orgUnits?.length ? t.selection.orgUnits.join(', ') : 'anywhere'}</dd>
      <dt>Member of groups</dt>
      <dd>{t.selection.groups?.length ? t.selection.groups.join(', ') : 'no condition'}</dd>
      <dt>Mappings</dt>
      <dd>
        {Object.entries(t.mappings).map(([attribute, template]) => (
          <div key={attribute} className="mono">
            {attribute} ← {template}
          </div>
        ))}
      </dd>
      <dt>{groupsLabel}</dt>
      <dd>{orNone(groups.join(', '))}</dd>
      <dt>Leavers</dt>
      <dd>
        {t.lifecycle.disable === false
          ? 'deleted at once'
          : `disabled, ${t.lifecycle.deleteAfterDays == null ? 'kept' : `deleted after ${t.lifecycle.deleteAfterDays} days`}`}
      </dd>
      <dt>Threshold</dt>
      <dd>{t.thresholdPercent} % of the accounts retired in one pass</dd>
    </>
  );
}
