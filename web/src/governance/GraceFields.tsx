import type { SecurityLevel } from '../api/governance-types.ts';
import { Field } from '../components/Field.tsx';
import { FieldProblems } from '../components/FieldProblems.tsx';
import { CHANGE_KINDS, type ChangeKind, DEFAULT_GRACE, type GraceDraft } from './policy-draft.ts';

export const KIND_WORDS: Record<ChangeKind, string> = {
  job: 'Job change, same department',
  department: 'Department change',
  leaving: 'Leaving employment',
  requirement: 'A required status or group lost',
};

interface Props {
  level: SecurityLevel;
  grace: GraceDraft;
  onLevel: (level: SecurityLevel) => void;
  onGrace: (grace: GraceDraft) => void;
  error?: unknown;
}

/**
 * The security level and its grace table: the days from a change of the member's facts to the end of the membership,
 * for each kind of change. High and medium show their fixed tables side by side; custom makes this policy's editable.
 */
export function GraceFields({ level, grace, onLevel, onGrace, error }: Props) {
  return (
    <fieldset data-field="grace" aria-label="Security level and grace">
      <legend>Security level and grace</legend>
      <Field label="Security level" name="securityLevel" error={error}>
        {(c) => (
          <select {...c} value={level} onChange={(e) => onLevel(e.target.value as SecurityLevel)}>
            <option value="high">High (14 / 5 / 0 days)</option>
            <option value="medium">Medium (30 / 30 / 0 days)</option>
            <option value="custom">Custom</option>
          </select>
        )}
      </Field>
      <div className="table-wrap">
        <table data-testid="grace-table">
          <caption className="muted">Days of grace from the change to the end of the membership</caption>
          <thead>
            <tr>
              <th scope="col">Kind of change</th>
              <th scope="col">High</th>
              <th scope="col">Medium</th>
              <th scope="col">This policy</th>
            </tr>
          </thead>
          <tbody>
            {CHANGE_KINDS.map((k) => (
              <tr key={k} data-kind={k}>
                <th scope="row">{KIND_WORDS[k]}</th>
                <td className={level === 'high' ? 'strong' : 'muted'}>{DEFAULT_GRACE.high[k]}</td>
                <td className={level === 'medium' ? 'strong' : 'muted'}>{DEFAULT_GRACE.medium[k]}</td>
                <td>
                  {level === 'custom' ? (
                    <input
                      aria-label={`Grace days: ${KIND_WORDS[k]}`}
                      inputMode="numeric"
                      value={grace[k]}
                      onChange={(e) => onGrace({ ...grace, [k]: e.target.value })}
                      style={{ maxWidth: '6rem' }}
                    />
                  ) : (
                    <span data-testid={`grace-${k}`}>{DEFAULT_GRACE[level][k]}</span>
                  )}
                  <FieldProblems error={error} name={`grace/${k}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FieldProblems error={error} name="grace" exact />
    </fieldset>
  );
}
