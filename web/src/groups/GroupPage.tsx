import { Link, useParams } from 'react-router';
import { AttestationSetting } from '../access-reviews/AttestationSetting.tsx';
import { useResource } from '../api/use-resource.ts';
import { formatDateTime } from '../components/format.ts';
import { Empty, Loaded } from '../components/States.tsx';
import { GovernedNote, GraceCell, type GraceOf, useMemberGrace } from '../governance/MemberGrace.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { AddMemberForm } from './AddMemberForm.tsx';
import { groupsApi, type EffectiveMember, type GroupDetail, type Membership } from './groups-api.ts';
import { PrivilegesPanel } from './PrivilegesPanel.tsx';

const when = (iso: string | null, open: string) => (iso ? formatDateTime(iso) : open);

/**
 * One group: its definition, direct members (with dates and who added them), effective members with why, privileges.
 */
export function GroupPage() {
  const id = Number(useParams().id);
  const group = useResource((signal) => groupsApi.group(id, signal), [id]);
  const direct = useResource((signal) => groupsApi.direct(id, signal), [id]);
  const effective = useResource((signal) => groupsApi.effective(id, signal), [id]);
  const governance = useMemberGrace(id);
  usePageTitle(group.status === 'ready' ? group.data.name : 'Group');
  const reload = () => {
    direct.reload();
    effective.reload();
    governance.reload();
  };
  return (
    <section>
      <Loaded resource={group} what="Loading the group">
        {(g) => (
          <>
            <div className="page-head">
              <h1 className="mono" data-testid="group-name">
                {g.name}
              </h1>
            </div>
            <Definition group={g} />
            <GovernedNote groupId={id} data={governance.data} />
            <h2>Direct members</h2>
            <Loaded resource={direct} what="Loading the members">
              {(rows) => (
                <DirectTable
                  rows={rows}
                  grace={governance.byMembership}
                  canUpdate={g.abilities.manageMembers}
                  onRemove={async (m) => {
                    await groupsApi.removeMember(id, m.id);
                    reload();
                  }}
                />
              )}
            </Loaded>
            {g.abilities.manageMembers && <AddMemberForm groupId={id} folderId={g.folderId} onDone={reload} />}
            <h2>Effective members</h2>
            <p className="muted">
              Everyone who counts through nesting and composites, each with why: the direct membership at the root and
              the path of groups up to this one.
            </p>
            <Loaded resource={effective} what="Loading the effective members">
              {(rows) => <EffectiveTable rows={rows} />}
            </Loaded>
            <PrivilegesPanel groupId={id} canAdmin={g.abilities.managePrivileges} />
            <AttestationSetting groupId={id} canAdmin={g.abilities.managePrivileges} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function Definition({ group: g }: { group: GroupDetail }) {
  return (
    <dl className="facts" data-testid="group-facts">
      <dt>Kind</dt>
      <dd>{g.kind}</dd>
      {g.composite && (
        <>
          <dt>Definition</dt>
          <dd>
            {g.composite.op} of <Link to={`/groups/${g.composite.leftId}`}>{g.composite.leftName}</Link> and{' '}
            <Link to={`/groups/${g.composite.rightId}`}>{g.composite.rightName}</Link>
          </dd>
        </>
      )}
      {g.rule !== null && (
        <>
          <dt>Rule</dt>
          <dd className="mono">{JSON.stringify(g.rule)}</dd>
        </>
      )}
      <dt>Folder</dt>
      <dd>
        <Link to={`/groups?folder=${g.folderId}`}>{g.name.slice(0, g.name.lastIndexOf(':'))}</Link>
      </dd>
      {g.description && (
        <>
          <dt>Description</dt>
          <dd>{g.description}</dd>
        </>
      )}
      <dt>Your privileges</dt>
      <dd>{g.privileges.join(', ') || 'none'}</dd>
      <dt>Changed</dt>
      <dd>
        {formatDateTime(g.updatedAt)} (version {g.version})
      </dd>
    </dl>
  );
}

function DirectTable({
  rows,
  grace,
  canUpdate,
  onRemove,
}: {
  rows: Membership[];
  grace: Map<number, GraceOf>;
  canUpdate: boolean;
  onRemove: (m: Membership) => Promise<void>;
}) {
  if (rows.length === 0) return <Empty>No direct members.</Empty>;
  return (
    <div className="table-wrap">
      <table data-testid="direct-members">
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">From</th>
            <th scope="col">Until</th>
            <th scope="col">Reason / ticket</th>
            <th scope="col">Requested / approved</th>
            <th scope="col">Added</th>
            {canUpdate && (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.id} data-membership={m.id} className={m.countsNow ? '' : 'muted'}>
              <td>
                {m.personId !== null ? (
                  <Link to={`/people/${m.personId}`}>{m.personName}</Link>
                ) : (
                  <Link to={`/groups/${m.memberGroupId}`} className="mono">
                    {m.memberGroupName}
                  </Link>
                )}
                {m.countsNow ? '' : ' (not counting now)'}
              </td>
              <td>{when(m.enabledFrom, 'always')}</td>
              <td>
                {when(m.disabledAt, 'open-ended')} <GraceCell groupId={m.groupId} grace={grace.get(m.id)} />
              </td>
              <td>
                {m.reason ?? ''}
                {m.ticket ? ` [${m.ticket}]` : ''}
              </td>
              <td>{[m.requestedBy, m.approvedBy].filter(Boolean).join(' / ')}</td>
              <td>
                {m.addedBy}, {formatDateTime(m.addedAt)}
              </td>
              {canUpdate && (
                <td>
                  <button type="button" className="link" onClick={() => void onRemove(m)}>
                    Remove
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EffectiveTable({ rows }: { rows: EffectiveMember[] }) {
  if (rows.length === 0) return <Empty>No effective members.</Empty>;
  return (
    <div className="table-wrap">
      <table data-testid="effective-members">
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">From</th>
            <th scope="col">Until</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.personId}-${i}`} data-person={r.personId}>
              <td>
                <Link to={`/people/${r.personId}`}>{r.personName}</Link>
              </td>
              <td>{when(r.validFrom, 'always')}</td>
              <td>{when(r.validUntil, 'open-ended')}</td>
              <td data-testid="why">
                {r.why.rule
                  ? 'selected by the rule of '
                  : `membership ${r.why.membership?.id ?? '?'}${r.why.membership?.reason ? ` (${r.why.membership.reason})` : ''} via `}
                {r.why.path.map((p, j) => (
                  <span key={p.id}>
                    {j > 0 && ' → '}
                    <Link to={`/groups/${p.id}`} className="mono">
                      {p.name}
                    </Link>
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
