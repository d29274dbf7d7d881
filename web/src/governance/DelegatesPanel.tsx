import { useState } from 'react';
import { Link } from 'react-router';
import { governanceApi } from '../api/governance.ts';
import type { UnitSummary } from '../api/org-types.ts';
import { useResource } from '../api/use-resource.ts';
import { formatDateTime } from '../components/format.ts';
import { LoadedTable } from '../components/LoadedTable.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useAction, useSubmit } from '../components/use-submit.ts';
import { searchPeople } from '../groups/member-search.ts';
import { SearchPicker } from '../groups/SearchPicker.tsx';
import { UnitFinder } from '../orgs/UnitFinder.tsx';

/**
 * A policy's department delegates: per org unit, the people who approve (when a stage names the delegates) and are
 * told for the members of that unit and the units below it that have none of their own.
 */
export function DelegatesPanel({ policyId, canManage }: { policyId: number; canManage: boolean }) {
  const delegates = useResource((signal) => governanceApi.delegates(policyId, signal), [policyId]);
  const [unit, setUnit] = useState<UnitSummary | null>(null);
  const [person, setPerson] = useState('');
  const [round, setRound] = useState(0);
  const removal = useAction(delegates.reload);
  const { error, busy, submit } = useSubmit(
    () => governanceApi.addDelegate(policyId, { orgId: unit?.id ?? 0, personId: Number(person) }),
    () => {
      setUnit(null);
      setPerson('');
      setRound((r) => r + 1);
      delegates.reload();
    },
  );
  return (
    <section aria-label="Delegates">
      <h2>Department delegates</h2>
      <ProblemMessage error={removal.error} />
      <LoadedTable
        resource={delegates}
        what="Loading the delegates"
        empty="No delegate yet."
        testId="delegates"
        columns={['Org unit', 'Delegate', 'Named']}
        actions={canManage}
      >
        {(d) => (
          <tr key={d.id} data-delegate={d.id}>
            <td className="mono">
              <Link to={`/orgs/${d.orgId}`}>{d.orgCode}</Link>
            </td>
            <td>
              <Link to={`/people/${d.personId}`}>{d.personName}</Link>
            </td>
            <td className="nowrap">{formatDateTime(d.createdAt)}</td>
            {canManage && (
              <td>
                <button
                  type="button"
                  className="small"
                  disabled={removal.busy}
                  onClick={() => void removal.act(() => governanceApi.removeDelegate(policyId, d.id))}
                >{`Remove ${d.personName} (${d.orgCode})`}</button>
              </td>
            )}
          </tr>
        )}
      </LoadedTable>
      {canManage && (
        <form onSubmit={submit} className="card" aria-label="Name a delegate" key={round}>
          <h3>Name a delegate</h3>
          <ProblemMessage error={error} shownFields={['personId']} />
          {unit ? (
            <p>
              Unit <strong>{unit.name}</strong> <span className="mono">{unit.code}</span>{' '}
              <button type="button" className="small" onClick={() => setUnit(null)}>
                Change
              </button>
            </p>
          ) : (
            <UnitFinder label="Org unit" onPick={setUnit} />
          )}
          <SearchPicker label="Delegate" name="personId" error={error} search={searchPeople} onChange={setPerson} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy || !unit || !person}>
              Add delegate
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
