import Type from 'typebox';
import type { FieldProblem } from '../platform/errors.ts';
import { problemsOf } from '../platform/validate.ts';

/** A string schema of one of the values (its static type the union of them). */
export function enumOf<T extends string>(values: readonly T[]) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values] });
}

/**
 * A guest lifecycle is a state machine kept as data: named states (some terminal), the
 * state a request starts in (`initial`) and the state a guest entered directly by the card
 * desk starts in (`entry`), and transitions. A transition names the states it leaves, the
 * state it enters and who may trigger it. A timed transition is triggered by `system` only
 * and carries a rule saying when it is due: a date of the guest moved by a number of days
 * (a fixed number or the guest type's `expiringDays` / `retentionDays`; calendar days, or working days with
 * `unit: 'working-days'` on the calendar of the guest's host unit), or a condition
 * (the sponsor may no longer sponsor; the end moved back out of the expiring window, as when
 * a tenant organisation's validity is extended). Pure.
 */
export const triggers = [
  'guarantor',
  'sponsor',
  'approver',
  'orgadmin',
  'card-desk',
  'it-desk',
  'sysadmin',
  'system',
] as const;
export type Trigger = (typeof triggers)[number];

/**
 * Dates of a guest a timed rule can start from. `validTo` is the guest's last valid day, or its tenant organisation's
 * when that is earlier.
 */
export const dateFields = ['validFrom', 'validTo', 'stateSince'] as const;
export type DateField = (typeof dateFields)[number];

/** An offset in days: a number, or one of the guest type's settings. */
export type Offset = number | 'expiringDays' | 'retentionDays';
export const offsetSettings = ['expiringDays', 'retentionDays'] as const;

/** What an offset counts: calendar days (the default) or working days on the calendar of the guest's host unit. */
export const offsetUnits = ['days', 'working-days'] as const;
export type OffsetUnit = (typeof offsetUnits)[number];

export const conditions = ['sponsor-may-not-sponsor', 'end-no-longer-near'] as const;
export type Condition = (typeof conditions)[number];

export type DueRule =
  { date: DateField; before?: Offset; after?: Offset; unit?: OffsetUnit } | { condition: Condition };

/** Who hears about a transition (mail through the outbox). */
export const audiences = ['guest', 'guarantor', 'sponsor'] as const;
export type Audience = (typeof audiences)[number];

export interface LifecycleState {
  name: string;
  label: string;
  terminal?: boolean;
}

export interface LifecycleTransition {
  name: string;
  label?: string;
  from: string[];
  to: string;
  by: Trigger[];
  when?: DueRule;
  notify?: Audience[];
}

export interface Lifecycle {
  name: string;
  label: string;
  initial: string;
  entry: string;
  states: LifecycleState[];
  transitions: LifecycleTransition[];
}

const Name = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9-]*$' });
const OffsetSchema = Type.Union([Type.Integer({ minimum: 0, maximum: 3660 }), enumOf(offsetSettings)]);
const DueRuleSchema = Type.Union([
  Type.Object(
    {
      date: enumOf(dateFields),
      before: Type.Optional(OffsetSchema),
      after: Type.Optional(OffsetSchema),
      unit: Type.Optional(enumOf(offsetUnits)),
    },
    { additionalProperties: false },
  ),
  Type.Object({ condition: enumOf(conditions) }, { additionalProperties: false }),
]);

export const lifecycleSchema = Type.Object(
  {
    name: Name,
    label: Type.String({ minLength: 1, maxLength: 200 }),
    initial: Name,
    entry: Name,
    states: Type.Array(
      Type.Object(
        { name: Name, label: Type.String({ minLength: 1, maxLength: 200 }), terminal: Type.Optional(Type.Boolean()) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    transitions: Type.Array(
      Type.Object(
        {
          name: Name,
          label: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          from: Type.Array(Name, { minItems: 1, uniqueItems: true }),
          to: Name,
          by: Type.Array(enumOf(triggers), { minItems: 1, uniqueItems: true }),
          when: Type.Optional(DueRuleSchema),
          notify: Type.Optional(Type.Array(enumOf(audiences), { uniqueItems: true })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);

export function isTimed(t: LifecycleTransition): boolean {
  return t.by.includes('system');
}

/**
 * Problems with a lifecycle (empty when valid), each naming the field and the rule: shape
 * first, then duplicate names, unknown states, missing rules on timed transitions, states
 * nothing reaches, transitions out of terminal states and timed cycles (which would let
 * the sweep move a guest round and round).
 */
export function lifecycleProblems(value: unknown): FieldProblem[] {
  const shape = problemsOf(lifecycleSchema, value);
  if (shape.length) return shape;
  const lc = value as Lifecycle;
  const problems: FieldProblem[] = [];
  const add = (field: string, rule: string, message: string) => problems.push({ field, rule, message });
  const states = new Map<string, LifecycleState>();
  lc.states.forEach((s, i) => {
    if (states.has(s.name)) add(`/states/${i}/name`, 'unique', `the state ${s.name} is defined twice`);
    else states.set(s.name, s);
  });
  for (const key of ['initial', 'entry'] as const) {
    if (!states.has(lc[key])) add(`/${key}`, 'known-state', `${lc[key]} is not one of the states`);
    else if (states.get(lc[key])!.terminal)
      add(`/${key}`, 'not-terminal', `${lc[key]} is terminal: a guest could never leave it`);
  }
  const names = new Set<string>();
  lc.transitions.forEach((t, i) => {
    const at = `/transitions/${i}`;
    if (names.has(t.name)) add(`${at}/name`, 'unique', `the transition ${t.name} is defined twice`);
    names.add(t.name);
    t.from.forEach((s, j) => {
      if (!states.has(s)) add(`${at}/from/${j}`, 'known-state', `${s} is not one of the states`);
      else if (states.get(s)!.terminal) add(`${at}/from/${j}`, 'terminal', `${s} is terminal: nothing leaves it`);
    });
    if (!states.has(t.to)) add(`${at}/to`, 'known-state', `${t.to} is not one of the states`);
    if (isTimed(t)) {
      if (t.by.length > 1) add(`${at}/by`, 'system-alone', 'a timed transition is triggered by the system only');
      if (!t.when)
        add(`${at}/when`, 'required', 'a timed transition needs a rule saying when it is due (a date or a condition)');
      else if ('date' in t.when && t.when.before !== undefined && t.when.after !== undefined)
        add(`${at}/when`, 'one-offset', 'give before or after, not both');
    } else if (t.when) {
      add(
        `${at}/when`,
        'timed-only',
        'only a transition triggered by the system has a rule; add "system" to by or remove when',
      );
    }
  });
  if (problems.length) return problems;
  const reached = new Set([lc.initial, lc.entry]);
  for (let grew = true; grew;) {
    grew = false;
    for (const t of lc.transitions) {
      if (!reached.has(t.to) && t.from.some((s) => reached.has(s))) {
        reached.add(t.to);
        grew = true;
      }
    }
  }
  lc.states.forEach((s, i) => {
    if (!reached.has(s.name))
      add(`/states/${i}`, 'reachable', `no transition leads to ${s.name} from ${lc.initial} or ${lc.entry}`);
  });
  // A condition rule is keyed by the day it was found true, so it moves a guest at most once a day and cannot make the
  // sweep spin.
  const cycle = timedCycle(lc.transitions.filter((t) => isTimed(t) && !(t.when && 'condition' in t.when)));
  if (cycle)
    add(
      `/transitions/${lc.transitions.findIndex((t) => t.name === cycle)}`,
      'timed-cycle',
      `timed transitions lead from ${cycle} round in a circle; the sweep would never stop`,
    );
  return problems;
}

/** The name of a timed transition on a cycle of timed transitions, or null. */
function timedCycle(timed: LifecycleTransition[]): string | null {
  const next = new Map<string, LifecycleTransition[]>();
  for (const t of timed) for (const s of t.from) next.set(s, [...(next.get(s) ?? []), t]);
  for (const start of timed) {
    const seen = new Set<string>();
    const stack = [start.to];
    while (stack.length) {
      const s = stack.pop()!;
      if (start.from.includes(s)) return start.name;
      if (seen.has(s)) continue;
      seen.add(s);
      for (const t of next.get(s) ?? []) stack.push(t.to);
    }
  }
  return null;
}

/** The timed transitions of a lifecycle, in the order the sweep applies them (definition order). */
export function timedTransitions(lc: Lifecycle): LifecycleTransition[] {
  return lc.transitions.filter(isTimed);
}

/** The manual transitions leaving a state. */
export function manualTransitionsFrom(lc: Lifecycle, state: string): LifecycleTransition[] {
  return lc.transitions.filter((t) => !isTimed(t) && t.from.includes(state));
}

export function isTerminal(lc: Lifecycle, state: string): boolean {
  return lc.states.find((s) => s.name === state)?.terminal === true;
}
