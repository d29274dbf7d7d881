import canonicalizeModule from 'canonicalize';

const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

/**
 * What a change to a unit amounts to, for the audit trail: a rename (the name changed),
 * a move (the parent changed), an end (valid-to set), or a plain update of anything else.
 * One edit can be several of these; each is audited as its own action with only the
 * fields it touched in before/after. Pure.
 */
export interface UnitFacts {
  kind: string;
  name: string;
  abbreviation: string | null;
  altNames: string[];
  parentId: number | null;
  validFrom: string | null;
  validTo: string | null;
  custom: Record<string, unknown>;
}

export type UnitAction = 'org.rename' | 'org.move' | 'org.end' | 'org.update';

export interface ClassifiedChange {
  action: UnitAction;
  before: Partial<UnitFacts>;
  after: Partial<UnitFacts>;
}

const naming: (keyof UnitFacts)[] = ['name', 'abbreviation', 'altNames'];

/** True if two JSON values are equal regardless of key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalize(a ?? null) === canonicalize(b ?? null);
}

/** The fields whose values differ between before and after. */
export function changedKeys(before: UnitFacts, after: UnitFacts): (keyof UnitFacts)[] {
  return (Object.keys(after) as (keyof UnitFacts)[]).filter((k) => !sameJson(before[k], after[k]));
}

/** Splits a change into audited actions; empty when nothing changed. */
export function classifyChanges(before: UnitFacts, after: UnitFacts): ClassifiedChange[] {
  const keys = new Set(changedKeys(before, after));
  const out: ClassifiedChange[] = [];
  const take = (action: UnitAction, fields: (keyof UnitFacts)[]) => {
    const hit = fields.filter((f) => keys.has(f));
    if (hit.length === 0) return;
    for (const f of hit) keys.delete(f);
    out.push({ action, before: pick(before, hit), after: pick(after, hit) });
  };
  if (keys.has('name')) take('org.rename', naming);
  take('org.move', ['parentId']);
  if (after.validTo !== null) take('org.end', ['validTo']);
  take('org.update', [...keys]);
  return out;
}

function pick(facts: UnitFacts, fields: (keyof UnitFacts)[]): Partial<UnitFacts> {
  return Object.fromEntries(fields.map((f) => [f, facts[f]])) as Partial<UnitFacts>;
}
