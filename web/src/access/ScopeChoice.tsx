import { useState } from 'react';
import type { Resource } from '../api/use-resource.ts';
import { Field } from '../components/Field.tsx';
import { Loaded } from '../components/States.tsx';
import { type UnitOption, unitsUnder } from './access-api.ts';

export type ScopeKind = 'org' | 'everywhere' | 'affiliation';

const choices: { kind: ScopeKind; label: string }[] = [
  { kind: 'org', label: 'These units' },
  { kind: 'everywhere', label: 'Everywhere' },
  { kind: 'affiliation', label: 'Wherever the person is affiliated' },
];

interface Props {
  kind: ScopeKind;
  onKind: (kind: ScopeKind) => void;
  units: Resource<UnitOption[]>;
  /**
   * The units (with their subtrees) the caller may assign in, as the chosen application's abilities say; null: every
   * unit; undefined: no application chosen yet.
   */
  assignable: number[] | null | undefined;
  chosen: Set<number>;
  onToggle: (id: number) => void;
  error: unknown;
}

/**
 * Where the role holds: picked units (each covering its subtree), everywhere, or the units of the person's current
 * affiliations.
 */
export function ScopeChoice({ kind, onKind, units, assignable, chosen, onToggle, error }: Props) {
  const [filter, setFilter] = useState('');
  return (
    <fieldset>
      <legend>3. Scope{kind === 'org' ? ` (${chosen.size} chosen)` : ''}</legend>
      <Field
        label="Scope"
        name="scopes"
        error={error}
        hint="everywhere and wherever affiliated: system administrators only"
      >
        {(c) => (
          <select {...c} value={kind} onChange={(e) => onKind(e.target.value as ScopeKind)}>
            {choices.map((s) => (
              <option key={s.kind} value={s.kind}>
                {s.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {kind === 'org' && (
        <>
          <Field label="Filter units" name="filter">
            {(c) => (
              <input {...c} value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="code or name" />
            )}
          </Field>
          <Loaded resource={units} what="Loading the units you administer">
            {(all) =>
              assignable === undefined ? (
                <p className="muted">Choose an application to see the units you may assign its roles in.</p>
              ) : (
                <ul className="plain scope-list" data-testid="scopes">
                  {unitsUnder(all, assignable)
                    .filter((u) => !filter || `${u.code} ${u.name}`.toLowerCase().includes(filter.toLowerCase()))
                    .map((u) => (
                      <li key={u.id} style={{ paddingLeft: `${u.depth}em` }}>
                        <label>
                          <input
                            type="checkbox"
                            checked={chosen.has(u.id)}
                            onChange={() => onToggle(u.id)}
                            data-unit={u.code}
                          />{' '}
                          {u.code} — {u.name}
                        </label>
                      </li>
                    ))}
                </ul>
              )
            }
          </Loaded>
        </>
      )}
    </fieldset>
  );
}
