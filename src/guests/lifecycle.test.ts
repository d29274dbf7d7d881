import { describe, expect, it } from 'vitest';
import { defaultLifecycles, visitorLifecycle } from './default-lifecycles.ts';
import { offsetDays } from './due-time.ts';
import { type Lifecycle, lifecycleProblems, timedTransitions } from './lifecycle.ts';

const rules = (lc: unknown) => lifecycleProblems(lc).map((p) => `${p.field} ${p.rule}`);
const copy = (): Lifecycle => structuredClone(visitorLifecycle);

describe('lifecycles', () => {
  it('accepts the shipped visitor, tenant and dependant lifecycles', () => {
    for (const lc of defaultLifecycles) expect(rules(lc), lc.name).toEqual([]);
  });

  it('lists the timed transitions in definition order', () => {
    expect(timedTransitions(visitorLifecycle).map((t) => t.name)).toEqual([
      'activate',
      'expire-soon',
      'disable',
      'archive',
    ]);
  });

  it('names the field and rule of every broken rule', () => {
    const unknownState = copy();
    unknownState.transitions[0].to = 'approved';
    expect(rules(unknownState)).toEqual(['/transitions/0/to known-state']);

    const noInitial = copy();
    noInitial.initial = 'draft';
    expect(rules(noInitial)).toEqual(['/initial known-state']);

    const duplicate = copy();
    duplicate.states.push({ name: 'active', label: 'Again' });
    duplicate.transitions.push({ ...duplicate.transitions[0] });
    expect(rules(duplicate)).toEqual(['/states/8/name unique', '/transitions/9/name unique']);

    const unreachable = copy();
    unreachable.states.push({ name: 'limbo', label: 'Limbo' });
    expect(rules(unreachable)).toEqual(['/states/8 reachable']);

    const timedWithoutRule = copy();
    delete timedWithoutRule.transitions[3].when;
    expect(rules(timedWithoutRule)).toEqual(['/transitions/3/when required']);

    const manualWithRule = copy();
    manualWithRule.transitions[0].when = { date: 'validFrom' };
    expect(rules(manualWithRule)).toEqual(['/transitions/0/when timed-only']);

    const outOfTerminal = copy();
    outOfTerminal.transitions.push({ name: 'revive', from: ['archived'], to: 'active', by: ['sysadmin'] });
    expect(rules(outOfTerminal)).toEqual(['/transitions/9/from/0 terminal']);

    const cycle = copy();
    cycle.transitions.push({
      name: 'bounce',
      from: ['expiring'],
      to: 'active',
      by: ['system'],
      when: { date: 'validFrom' },
    });
    expect(rules(cycle)).toContain('/transitions/4 timed-cycle');

    expect(rules({ ...copy(), states: [] })).toEqual(['/states minItems']);
    expect(
      rules({ ...copy(), transitions: [{ name: 'x', from: ['pending'], to: 'active', by: ['janitor'] }] })[0],
    ).toMatch(/^\/transitions\/0\/by\/0 /);
  });

  it('turns a date rule into an offset in days from the type settings', () => {
    const settings = { expiringDays: 14, retentionDays: 90 };
    expect(offsetDays({ before: 'expiringDays' }, settings)).toBe(-14);
    expect(offsetDays({ after: 'retentionDays' }, settings)).toBe(90);
    expect(offsetDays({ after: 1 }, settings)).toBe(1);
    expect(offsetDays({}, settings)).toBe(0);
  });
});
