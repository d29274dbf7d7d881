/**
 * The mass-change guard's rules (issue 16): what a change that may touch many people does to each of them (the
 * preview, read from the audit entries the change wrote in its transaction), and whether it is applied at once, held
 * for an administrator, or only shown (a dry run). Pure: the guard runs the change, calls these, and commits or rolls
 * back.
 */

/** The least and most people a threshold may name, and the default: a change of up to 25 people applies at once. */
export const MIN_HOLD_ABOVE = 0;
export const MAX_HOLD_ABOVE = 10_000_000;
export const DEFAULT_HOLD_ABOVE = 25;

/** What a person gains, loses or sees changed: a status, an affiliation, a group membership, a permission. */
export type EffectKind = 'status' | 'affiliation' | 'membership' | 'permission';

export interface Effect {
  kind: EffectKind;
  /** What it is: the status's name, "staff at CHEM", a group or a role's name. */
  name: string;
  /** How: "from 2026-09-01", "ends 2026-09-30", "now under ART". */
  detail: string;
}

export interface PersonEffects {
  id: number;
  name: string;
  gains: Effect[];
  losses: Effect[];
  changes: Effect[];
}

export interface MassChangePreview {
  /** People affected, and how many effects of each sort (counted over everyone, not only the people listed). */
  counts: { people: number; gains: number; losses: number; changes: number; units: number };
  /** Everyone affected, by id (`truncated` says when the list was cut at `limit`). */
  people: PersonEffects[];
  truncated: boolean;
}

/** One audit entry as the unit of work holds it (the fields the preview reads). */
export interface AuditedEntry {
  action: string;
  targetType: string;
  targetId: string | number;
  before?: unknown;
  after?: unknown;
}

/** An effect on a person that no audit entry carries (a move changes where people's affiliations sit). */
export interface NotedEffect {
  personId: number;
  side: 'gains' | 'losses' | 'changes';
  effect: Effect;
}

type Side = NotedEffect['side'];

const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const span = (start: unknown, end: unknown): string =>
  start && end
    ? `${text(start)} to ${text(end)}`
    : start
      ? `from ${text(start)}`
      : end
        ? `until ${text(end)}`
        : 'always';

/** The person and effect one audit entry says, or null for entries about no one person (a unit ended, a type saved). */
export function effectOf(entry: AuditedEntry): NotedEffect | null {
  const before = obj(entry.before);
  const after = obj(entry.after);
  const personId = Number(after.personId ?? before.personId);
  if (!Number.isSafeInteger(personId) || personId <= 0) return null;
  const status = (side: Side, facts: Record<string, unknown>, detail: string): NotedEffect => ({
    personId,
    side,
    effect: { kind: 'status', name: text(facts.status ?? `status type ${text(facts.statusTypeId)}`), detail },
  });
  switch (entry.action) {
    case 'status.open':
      return status('gains', after, span(after.start, after.end));
    case 'status.close':
      return status('losses', after, `ends ${text(after.end)}`);
    case 'status.delete':
      return status('losses', before, `${span(before.start, before.end)} removed`);
    case 'status.update':
      // An end set, or brought forward, is a loss on that day; any other correction is a change.
      if (after.end && (!before.end || text(after.end) < text(before.end)))
        return status('losses', after, `ends ${text(after.end)}${before.end ? ` (was ${text(before.end)})` : ''}`);
      return status('changes', after, `${span(before.start, before.end)} becomes ${span(after.start, after.end)}`);
    case 'affiliation.end':
      return {
        personId,
        side: 'losses',
        effect: {
          kind: 'affiliation',
          name: `${text(after.kind)} at ${text(after.orgCode)}`,
          detail: `ends ${text(after.validTo)}`,
        },
      };
    default:
      return null;
  }
}

/**
 * The preview of a change: its audit entries and the effects it noted, per person (by id), each person's effects in
 * the order they happened; `names` gives each person's display name; at most `limit` people are listed.
 */
export function previewOf(
  entries: readonly AuditedEntry[],
  noted: readonly NotedEffect[],
  names: ReadonlyMap<number, string>,
  limit = 1000,
): MassChangePreview {
  const byPerson = new Map<number, PersonEffects>();
  const counts = { people: 0, gains: 0, losses: 0, changes: 0, units: 0 };
  const add = (n: NotedEffect) => {
    let p = byPerson.get(n.personId);
    if (!p) {
      p = { id: n.personId, name: names.get(n.personId) ?? `person ${n.personId}`, gains: [], losses: [], changes: [] };
      byPerson.set(n.personId, p);
    }
    p[n.side].push(n.effect);
    counts[n.side] += 1;
  };
  for (const e of entries) {
    if (e.targetType === 'org' && e.action !== 'org.create') counts.units += 1;
    const effect = effectOf(e);
    if (effect) add(effect);
  }
  for (const n of noted) add(n);
  const people = [...byPerson.values()].sort((a, b) => a.id - b.id);
  counts.people = people.length;
  return { counts, people: people.slice(0, limit), truncated: people.length > limit };
}

/** The person ids a change touches (to look their names up). */
export function peopleOf(entries: readonly AuditedEntry[], noted: readonly NotedEffect[]): number[] {
  const ids = new Set<number>(noted.map((n) => n.personId));
  for (const e of entries) {
    const effect = effectOf(e);
    if (effect) ids.add(effect.personId);
  }
  return [...ids].sort((a, b) => a - b);
}

export type GuardReason = 'dry-run' | 'within-threshold' | 'over-threshold' | 'released';

export interface GuardDecision {
  decision: 'apply' | 'hold' | 'dry-run';
  /** What it would be without the dry run. */
  wouldBe: 'apply' | 'hold';
  reason: GuardReason;
  message: string;
}

const people = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'person' : 'people'}`;

/**
 * Applies a change that affects at most `holdAbove` people; holds one that affects more, unless an administrator
 * releases it (`released`); a dry run only says which it would be.
 */
export function guardDecision(input: {
  affected: number;
  holdAbove: number;
  dryRun?: boolean;
  released?: boolean;
}): GuardDecision {
  const { affected, holdAbove } = input;
  if (!Number.isInteger(affected) || affected < 0)
    throw new RangeError(`affected must be a whole number ≥ 0, not ${affected}`);
  if (!Number.isInteger(holdAbove) || holdAbove < MIN_HOLD_ABOVE || holdAbove > MAX_HOLD_ABOVE)
    throw new RangeError(
      `holdAbove must be a whole number from ${MIN_HOLD_ABOVE} to ${MAX_HOLD_ABOVE}, not ${holdAbove}`,
    );
  const over = affected > holdAbove;
  const wouldBe = over && !input.released ? 'hold' : 'apply';
  const facts = `affects ${people(affected)}, ${over ? 'over' : 'within'} the threshold of ${people(holdAbove)}`;
  if (input.dryRun)
    return {
      decision: 'dry-run',
      wouldBe,
      reason: 'dry-run',
      message: `dry run: ${facts}; it would be ${wouldBe === 'hold' ? 'held for an administrator' : 'applied'}`,
    };
  if (wouldBe === 'hold')
    return { decision: 'hold', wouldBe, reason: 'over-threshold', message: `${facts}: held for an administrator` };
  return {
    decision: 'apply',
    wouldBe,
    reason: over ? 'released' : 'within-threshold',
    message: over ? `${facts}: applied because an administrator released it` : `${facts}: applied`,
  };
}

/** Problems with the guard's settings (empty when valid). */
export function guardSettingsProblems(value: unknown): { field: string; rule: string; message: string }[] {
  const v = obj(value);
  const problems = Object.keys(v)
    .filter((k) => k !== 'holdAbove')
    .map((k) => ({ field: `/${k}`, rule: 'unknown-field', message: 'is not a known setting' }));
  const n = v.holdAbove;
  if (n === undefined) problems.push({ field: '/holdAbove', rule: 'required', message: 'is required' });
  else if (!Number.isInteger(n) || (n as number) < MIN_HOLD_ABOVE || (n as number) > MAX_HOLD_ABOVE)
    problems.push({
      field: '/holdAbove',
      rule: 'range',
      message: `must be a whole number of people from ${MIN_HOLD_ABOVE} to ${MAX_HOLD_ABOVE}`,
    });
  return problems;
}
