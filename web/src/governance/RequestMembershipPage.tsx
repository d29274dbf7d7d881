import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { governanceApi } from '../api/governance.ts';
import type { MembershipRequestInput, RequestCheck } from '../api/governance-types.ts';
import { textBinder, useDraft } from '../components/draft.ts';
import { Field, TextField } from '../components/Field.tsx';
import { PageHead } from '../components/PageHead.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { groupsApi } from '../groups/groups-api.ts';
import { searchPeople } from '../groups/member-search.ts';
import { SearchPicker } from '../groups/SearchPicker.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { CheckList } from './CheckList.tsx';
import { GovernanceNav } from './GovernanceNav.tsx';

interface Draft {
  group: string;
  reason: string;
  ticket: string;
  how: 'date' | 'days';
  endsOn: string;
  days: string;
}

/** The group typed: an id as it is, a full name (uni:apps:payroll) looked up. */
async function groupIdOf(text: string, signal: AbortSignal): Promise<number | null> {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (!t.includes(':')) return null;
  const g = await groupsApi.byName(t, signal);
  return g.id;
}

function bodyOf(d: Draft, groupId: number, personId: string): MembershipRequestInput {
  return {
    groupId,
    personId: Number(personId),
    reason: d.reason.trim() || null,
    ticket: d.ticket.trim() || null,
    ...(d.how === 'date'
      ? { endsOn: d.endsOn || null }
      : { days: /^\d+$/.test(d.days.trim()) ? Number(d.days.trim()) : null }),
  };
}

/**
 * The dry run of the request as it is typed: once a group and a member are given, the server's checks are asked
 * for (after a pause in typing; an older answer is dropped), so every failure shows before Submit is enabled.
 */
function useLiveCheck(d: Draft, personId: string) {
  const [result, setResult] = useState<{ key: string; check: RequestCheck } | null>(null);
  const [error, setError] = useState<unknown>();
  const key = JSON.stringify([d, personId]);
  useEffect(() => {
    setError(undefined);
    if (!d.group.trim() || !personId) {
      setResult(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      groupIdOf(d.group, controller.signal)
        .then((groupId) => {
          if (groupId === null) throw new Error('Give the group as its id or its full name (folder:group).');
          return governanceApi.check(bodyOf(d, groupId, personId), controller.signal);
        })
        .then(
          (check) => setResult({ key, check }),
          (e: unknown) => {
            if ((e as Error).name === 'AbortError') return;
            setResult(null);
            setError(e);
          },
        );
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key]);
  const current = result !== null && result.key === key;
  return { result: result?.check ?? null, current, error };
}

/**
 * "Request membership": a group (from its page, or by id or full name), a member found in the registry, a reason or
 * a ticket, an end date or a number of days. The checks run live; Submit is enabled when every one passes.
 */
export function RequestMembershipPage() {
  usePageTitle('Request membership');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [d, set] = useDraft<Draft>({
    group: params.get('groupId') ?? '',
    reason: '',
    ticket: '',
    how: 'days',
    endsOn: '',
    days: '90',
  });
  const [personId, setPersonId] = useState('');
  const live = useLiveCheck(d, personId);
  const ready = live.current && live.result?.ok === true;
  const { error, busy, submit } = useSubmit(async () => {
    const created = await governanceApi.submit(bodyOf(d, live.result!.groupId, personId));
    navigate(`/governance/requests/${created.id}`);
  });
  const bind = textBinder(d, set, error);
  return (
    <section>
      <PageHead title="Request membership" />
      <GovernanceNav />
      <p className="muted">
        Ask for someone to join a governed group. The group&apos;s approvers decide; the checks below run now, again on
        submit and at each approval.
      </p>
      <form onSubmit={submit} aria-label="Request membership" className="card" data-testid="request-form">
        <ProblemMessage error={error} shownFields={['personId', 'reason', 'endsOn', 'days']} />
        <TextField
          label="Group"
          name="groupId"
          {...bind('group')}
          hint={live.result ? `${live.result.group}` : 'its id, or its full name such as uni:apps:payroll:clerk'}
          required
        />
        <SearchPicker label="Member" name="personId" error={error} search={searchPeople} onChange={setPersonId} />
        <div className="form-grid">
          <TextField label="Reason" name="reason" {...bind('reason')} hint="why the member needs it" />
          <TextField label="Ticket" name="ticket" {...bind('ticket')} hint="or the ticket that asks for it" />
        </div>
        <fieldset className="inline">
          <legend>How long</legend>
          <label className="check">
            <input type="radio" name="how" checked={d.how === 'days'} onChange={() => set('how', 'days')} /> For a
            number of days
          </label>
          <label className="check">
            <input type="radio" name="how" checked={d.how === 'date'} onChange={() => set('how', 'date')} /> Until a
            date
          </label>
        </fieldset>
        {d.how === 'days' ? (
          <TextField label="Days" name="days" {...bind('days')} hint="from today" />
        ) : (
          <Field label="End date" name="endsOn" error={error} hint="the first day without the membership">
            {(c) => <input {...c} type="date" value={d.endsOn} onChange={(e) => set('endsOn', e.target.value)} />}
          </Field>
        )}
        <ProblemMessage error={live.error} />
        {live.result ? (
          <CheckList result={live.result} stale={!live.current} />
        ) : (
          !live.error && <p className="muted">Give a group and a member to see the checks.</p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || !ready}>
            Submit request
          </button>
          <Link to="/inbox">Cancel</Link>
        </div>
      </form>
    </section>
  );
}
