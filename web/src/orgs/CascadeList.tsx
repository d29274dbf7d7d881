import type { Problem } from '../api/client.ts';
import type { CascadeItem } from '../api/org-types.ts';
import { formatValue } from '../components/format.ts';

/** The things a cascade-required problem says would end too, wherever the server put them. */
export function cascadeItemsOf(problem: Problem): CascadeItem[] {
  for (const key of ['affected', 'wouldEnd', 'cascade', 'units', 'dependents', 'items']) {
    const value = problem[key];
    if (Array.isArray(value)) return value as CascadeItem[];
    if (value && typeof value === 'object') {
      return Object.entries(value as Record<string, unknown>).flatMap(([type, list]) => (Array.isArray(list) ? (list as CascadeItem[]).map((i) => ({ type, ...i })) : []));
    }
  }
  return [];
}

/** What would end with the unit: each item's kind, code and name, and its current end date. */
export function CascadeList({ items }: { items: CascadeItem[] }) {
  if (!items.length) return null;
  return (
    <ul className="plain" data-testid="cascade-items" style={{ maxHeight: '16rem', overflowY: 'auto', marginBottom: '1rem' }}>
      {items.map((item, i) => (
        <li key={i}>
          {item.type && <span className="badge">{item.type}</span>}{' '}
          <strong>{item.name ?? formatValue(item.id)}</strong>{item.code && <span className="mono muted"> {item.code}</span>}
          {item.validTo !== undefined && <span className="muted"> — now valid to {item.validTo ?? 'open'}</span>}
        </li>
      ))}
    </ul>
  );
}
