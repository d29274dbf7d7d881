import type { Identifier } from '../api/people-types.ts';

const kindLabels: Record<string, string> = {
  'id-number': 'ID number',
  username: 'Username',
  email: 'Email',
  'source-key': 'Source key',
};

export function kindLabel(kind: string): string {
  return kindLabels[kind] ?? kind;
}

/** Identifiers grouped by kind ("ID number: A123, Username: jfinke"), source keys with their source. */
export function IdentifierList({ identifiers, compact = false }: { identifiers: Identifier[]; compact?: boolean }) {
  if (!identifiers.length) return <span className="muted">none</span>;
  const byKind = new Map<string, Identifier[]>();
  for (const id of identifiers) byKind.set(id.kind, [...(byKind.get(id.kind) ?? []), id]);
  const value = (id: Identifier) => (id.scope ? `${id.value} (${id.scope})` : id.value);
  if (compact) {
    return (
      <span className="reasons">
        {[...byKind].map(([kind, ids]) => `${kindLabel(kind)}: ${ids.map(value).join(', ')}`).join(' · ')}
      </span>
    );
  }
  return (
    <dl className="facts" data-testid="identifiers">
      {[...byKind].map(([kind, ids]) => (
        <div key={kind} style={{ display: 'contents' }}>
          <dt>{kindLabel(kind)}</dt>
          <dd>
            {ids.map((id) => (
              <div key={`${id.scope}/${id.value}`} className="mono">
                {value(id)}
              </div>
            ))}
          </dd>
        </div>
      ))}
    </dl>
  );
}
