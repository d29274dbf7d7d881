import type { KindField } from '../api/org-types.ts';
import { formatValue } from '../components/format.ts';
import { Empty } from '../components/States.tsx';

/** A unit's custom values, labelled by its kind's schema; values the schema does not name are listed after. */
export function CustomFieldsView({ fields, values }: { fields: KindField[]; values: Record<string, unknown> }) {
  const extra = Object.keys(values).filter((k) => !fields.some((f) => f.name === k));
  if (!fields.length && !extra.length) return <Empty>This kind has no custom fields.</Empty>;
  return (
    <dl className="facts" data-testid="custom-fields">
      {fields.map((f) => (
        <div key={f.name} style={{ display: 'contents' }}>
          <dt>
            {f.label ?? f.name}
            {f.required && <span className="muted"> *</span>}
          </dt>
          <dd>
            {f.type === 'boolean' && typeof values[f.name] === 'boolean'
              ? values[f.name]
                ? 'yes'
                : 'no'
              : formatValue(values[f.name])}
          </dd>
        </div>
      ))}
      {extra.map((k) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt>{k}</dt>
          <dd>{formatValue(values[k])}</dd>
        </div>
      ))}
    </dl>
  );
}
