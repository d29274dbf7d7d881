import { useState } from 'react';
import { TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { groupsApi, instant } from './groups-api.ts';
import { searchFolderGroups, searchPeople } from './member-search.ts';
import { SearchPicker } from './SearchPicker.tsx';

/**
 * Adds a person (searched in the registry by name or identifier, or by id) or a group (searched
 * by name in this group's folder, or by id) as a direct member, with dates, reason and ticket.
 */
export function AddMemberForm({
  groupId,
  folderId,
  onDone,
}: {
  groupId: number;
  folderId: number;
  onDone: () => void;
}) {
  const [kind, setKind] = useState<'person' | 'group'>('person');
  const [member, setMember] = useState('');
  const [round, setRound] = useState(0);
  const [reason, setReason] = useState('');
  const [ticket, setTicket] = useState('');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const { error, busy, submit } = useSubmit(
    () =>
      groupsApi.addMember(groupId, {
        ...(kind === 'person' ? { personId: Number(member) } : { groupId: Number(member) }),
        reason: reason || null,
        ticket: ticket || null,
        enabledFrom: instant(from),
        disabledAt: instant(until),
      }),
    () => {
      setMember('');
      setRound((r) => r + 1);
      setReason('');
      setTicket('');
      setFrom('');
      setUntil('');
      onDone();
    },
  );
  return (
    <form onSubmit={submit} className="card" aria-label="Add a member" data-testid="add-member">
      <h2>Add a member</h2>
      <fieldset className="inline">
        <legend>Member</legend>
        <label>
          <input
            type="radio"
            name="kind"
            checked={kind === 'person'}
            onChange={() => {
              setKind('person');
              setMember('');
            }}
          />{' '}
          Person
        </label>
        <label>
          <input
            type="radio"
            name="kind"
            checked={kind === 'group'}
            onChange={() => {
              setKind('group');
              setMember('');
            }}
          />{' '}
          Group
        </label>
      </fieldset>
      {kind === 'person' ? (
        <SearchPicker
          key={`person-${round}`}
          label="Person (name, identifier or id)"
          name="personId"
          error={error}
          search={searchPeople}
          onChange={setMember}
        />
      ) : (
        <SearchPicker
          key={`group-${round}`}
          label="Group (name in this folder, or id)"
          name="groupId"
          error={error}
          search={searchFolderGroups(folderId, groupId)}
          onChange={setMember}
        />
      )}
      <TextField label="Reason" name="reason" value={reason} onChange={setReason} error={error} />
      <TextField label="Ticket" name="ticket" value={ticket} onChange={setTicket} error={error} />
      <TextField
        label="Enabled from"
        name="enabledFrom"
        type="datetime-local"
        value={from}
        onChange={setFrom}
        error={error}
        hint="empty: from now on"
      />
      <TextField
        label="Disabled at"
        name="disabledAt"
        type="datetime-local"
        value={until}
        onChange={setUntil}
        error={error}
        hint="empty: until removed"
      />
      <ProblemMessage
        error={error}
        shownFields={['personId', 'groupId', 'reason', 'ticket', 'enabledFrom', 'disabledAt']}
      />
      <button type="submit" disabled={busy || !member}>
        Add member
      </button>
    </form>
  );
}
