import { formatValue, isBlank } from './format.ts';

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

const skipped = new Set(['version', 'updatedAt', 'updated_at', 'createdAt', 'created_at', 'searchName', 'search_name']);

/** Before and after of one change, field by field: only the fields that changed. */
export function ChangeDiff({ before, after }: { before: unknown; after: unknown }) {
  const b = asRecord(before) ?? {};
  const a = asRecord(after) ?? {};
  if (!asRecord(before) && !asRecord(after)) return null;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => !skipped.has(k) && !(isBlank(b[k]) && isBlank(a[k])) && JSON.stringify(b[k]) !== JSON.stringify(a[k]),
  );
  if (!keys.length) return null;
  return (
    <table className="diff">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => (
          <tr key={k} data-field={k}>
            <th scope="row">{k}</th>
            <td className="before">{k in b ? formatValue(b[k]) : ''}</td>
            <td className="after">{k in a ? formatValue(a[k]) : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
