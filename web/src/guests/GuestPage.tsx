import { Link, useParams } from 'react-router';
import { guestsApi } from '../api/guests.ts';
import { useResource } from '../api/use-resource.ts';
import { Loaded } from '../components/States.tsx';
import { formatDate } from '../components/format.ts';
import { usePageTitle } from '../layout/use-page-title.ts';
import { GuestHistory } from './GuestHistory.tsx';
import { HandoverCard } from './HandoverCard.tsx';
import { PersonLink, UnitLink } from './NameOf.tsx';
import { RenewalForm } from './RenewalForm.tsx';

const stateBadge: Record<string, string> = {
  active: 'badge-ok',
  pending: 'badge-brand',
  requested: 'badge-brand',
  expiring: 'badge-warn',
  disabled: 'badge-bad',
  archived: 'badge-bad',
  rejected: 'badge-bad',
  withdrawn: 'badge-bad',
};

/**
 * One guest: who, which type, the state, host unit, guarantor and dates, the lifecycle history, and "Request a
 * renewal" when the server says the signed-in user may (`abilities`); a handed-over guest's handover, with "Take over".
 */
export function GuestPage() {
  const id = Number(useParams().id);
  usePageTitle(`Guest ${id}`);
  const guest = useResource(
    async (signal) => {
      const { data, etag } = await guestsApi.get(id, signal);
      const [type, history] = await Promise.all([
        guestsApi.type(data.typeId, signal).catch(() => null),
        guestsApi.transitions(id, signal),
      ]);
      return { guest: data, etag, type, history };
    },
    [id],
  );
  return (
    <section>
      <div className="crumbs">
        <Link to="/guests/report">Guest report</Link>
      </div>
      <Loaded resource={guest} what="Loading the guest">
        {({ guest: g, etag, type, history }) => (
          <>
            <div className="page-head">
              <h1>
                {`Guest ${g.id}: `}
                <PersonLink id={g.personId} testId="guest-person" />
              </h1>
              <span className={`badge ${stateBadge[g.state] ?? ''}`} data-testid="guest-state">
                {g.state}
              </span>
            </div>
            <div className="card">
              <dl className="facts">
                <dt>Type</dt>
                <dd data-testid="guest-type">{type ? type.label : g.type}</dd>
                <dt>State</dt>
                <dd>{`${g.state} since ${g.stateSince}`}</dd>
                <dt>Host unit</dt>
                <dd>
                  <UnitLink id={g.hostOrgId ?? g.tenantOrgId} testId="guest-unit" />
                </dd>
                <dt>Guarantor</dt>
                <dd>
                  <PersonLink id={g.guarantorId} testId="guest-guarantor" />
                </dd>
                {g.sponsorId !== null && (
                  <>
                    <dt>Sponsor</dt>
                    <dd>
                      <PersonLink id={g.sponsorId} />
                    </dd>
                  </>
                )}
                <dt>Valid from</dt>
                <dd className="mono" data-testid="guest-valid-from">
                  {formatDate(g.validFrom)}
                </dd>
                <dt>Valid to</dt>
                <dd className="mono" data-testid="guest-valid-to">
                  {formatDate(g.validTo)}
                </dd>
                <dt>Reason</dt>
                <dd>{g.reason ?? '—'}</dd>
              </dl>
            </div>
            <HandoverCard guest={g} etag={etag} onDone={guest.reload} />
            {g.abilities.requestRenewal &&
              (type?.renewable === false ? (
                <p className="muted">{`A ${type.label} cannot be renewed.`}</p>
              ) : (
                <RenewalForm guest={g} type={type} />
              ))}
            <h2>Lifecycle history</h2>
            <GuestHistory rows={history} />
          </>
        )}
      </Loaded>
    </section>
  );
}
