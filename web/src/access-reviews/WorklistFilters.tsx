import { type RefObject, useEffect, useState } from 'react';
import type { Campaign, SortKey } from '../api/access-review-types.ts';
import type { WorklistFilters } from './worklist-query.ts';

const SORTS: { value: SortKey; label: string }[] = [
  { value: 'person', label: 'member' },
  { value: 'group', label: 'group' },
  { value: 'department', label: 'department' },
  { value: 'added', label: 'added' },
  { value: 'expiry', label: 'expiry' },
  { value: 'decided', label: 'decided' },
];

interface Props {
  campaign: Campaign;
  filters: WorklistFilters;
  onChange: (patch: Partial<WorklistFilters>) => void;
  searchRef: RefObject<HTMLInputElement | null>;
}

/**
 * The worklist's filters: undecided, changed since grant, group, department, text, whose items (for the owner), and
 * the order. Boxes and lists apply at once; the text fields when Enter is pressed (or Apply).
 */
export function WorklistFilterBar({ campaign, filters, onChange, searchRef }: Props) {
  const [q, setQ] = useState(filters.q);
  const [department, setDepartment] = useState(filters.department);
  useEffect(() => {
    setQ(filters.q);
    setDepartment(filters.department);
  }, [filters.q, filters.department]);
  const wide = campaign.abilities.decideAll || campaign.abilities.report;
  const reviewers = [...new Map(campaign.reviewers.map((r) => [r.personId, r])).values()];
  return (
    <form
      className="card worklist-filters"
      role="search"
      aria-label="Filter the worklist"
      onSubmit={(e) => {
        e.preventDefault();
        onChange({ q, department });
      }}
    >
      <label className="check">
        <input
          type="checkbox"
          checked={filters.undecided}
          onChange={(e) => onChange({ undecided: e.target.checked })}
        />{' '}
        Undecided only
      </label>
      <label className="check">
        <input type="checkbox" checked={filters.changed} onChange={(e) => onChange({ changed: e.target.checked })} />{' '}
        Changed since grant
      </label>
      <label>
        Group{' '}
        <select value={filters.groupId} onChange={(e) => onChange({ groupId: e.target.value })}>
          <option value="">every group</option>
          {campaign.scope.groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Department <input value={department} size={8} onChange={(e) => setDepartment(e.target.value)} />
      </label>
      <label>
        Search <input ref={searchRef} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      {wide && (
        <label>
          Reviewer{' '}
          <select value={filters.reviewer} onChange={(e) => onChange({ reviewer: e.target.value })}>
            <option value="me">my items</option>
            <option value="all">everyone</option>
            {reviewers.map((r) => (
              <option key={r.personId} value={r.personId}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Sort{' '}
        <select value={filters.sort} onChange={(e) => onChange({ sort: e.target.value as SortKey })}>
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="small"
        aria-label={filters.order === 'asc' ? 'Ascending: reverse' : 'Descending: reverse'}
        onClick={() => onChange({ order: filters.order === 'asc' ? 'desc' : 'asc' })}
      >
        {filters.order === 'asc' ? '↑' : '↓'}
      </button>
      <button type="submit" className="small">
        Apply
      </button>
    </form>
  );
}
