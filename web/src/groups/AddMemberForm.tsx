import { useState } from 'react';
import { TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { groupsApi, instant } from './groups-api.ts';

/** Adds a person (by registry id) or a group (by id) as a direct member, with dates, reason and ticket. */
export function AddMemberForm({ groupId, onDone }: { groupId: number; onDone: () => void }) {
  const [kind, setKind] = useState<'person' | 'group'>('person');
  const [member, setMember] = useState('');
  const [reason, setReason] = useState('');
  const [ticket, setTicket] = useState('');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const { error, busy, submit } = useSubmit(
    () => groupsApi.addMember(groupId, {
      ...(kind === 'person' ? { personId: Number(member) } : { groupId: Number(member) }),
      reason: reason || null, ticket: ticket || null, enabledFrom: instant(from), disabledAt: instant(until),
    }),
    () => { setMember(''); setReason(''); setTicket(''); setFrom(''); setUntil(''); onDone(); },
  );
  return (
    <form onSubmit={submit} className="card" aria-label="Add a member" data-testid="add-member">
      <h2>Add a member</h2>
      <fieldset className="inline">
        <legend>Member</legend>
        <label><input type="radio" name="kind" checked={kind === 'person'} onChange={() => setKind('person')} /> Person</label>
        <label><input type="radio" name="kind" checked={kind === 'group'} onChange={() => setKind('group')} /> Group</label>
      </fieldset>
      <TextField label={kind === 'person' ? 'Person id' : 'Group id'} name={kind === 'person' ? 'personId' : 'groupId'} value={member} onChange={setMember} error={error} required type="number" />
      <TextField label="Reason" name="reason" value={reason} onChange={setReason} error={error} />
      <TextField label="Ticket" name="ticket" value={ticket} onChange={setTicket} error={error} />
      <TextField label="Enabled from" name="enabledFrom" type="datetime-local" value={from} onChange={setFrom} error={error} hint="empty: from now on" />
      <TextField label="Disabled at" name="disabledAt" type="datetime-local" value={until} onChange={setUntil} error={error} hint="empty: until removed" />
      <ProblemMessage error={error} shownFields={['personId', 'groupId', 'reason', 'ticket', 'enabledFrom', 'disabledAt']} />
      <button type="submit" disabled={busy}>Add member</button>
    </form>
  );
}
