import { describe, expect, it } from 'vitest';
import { assertMergeable, missingFacts, unionEmails, unionPhones } from './merge.ts';

const active = (id: number) => ({ id, state: 'active' as const, mergedInto: null });

describe('merge rules', () => {
  it('refuses a self-merge, merging a tombstone and merging into a tombstone', () => {
    expect(() => assertMergeable(active(1), active(1))).toThrow(/themselves/);
    expect(() => assertMergeable(active(1), { id: 2, state: 'merged', mergedInto: 3 })).toThrow(
      /already merged into 3/,
    );
    expect(() => assertMergeable({ id: 1, state: 'merged', mergedInto: 3 }, active(2))).toThrow(/merge into 3/);
    expect(() => assertMergeable(active(1), active(2))).not.toThrow();
  });

  it('unions contact details without repeating one', () => {
    expect(
      unionEmails(
        [{ address: 'a@x.org', label: 'work' }],
        [{ address: 'A@x.org' }, { address: 'b@y.org', label: 'home' }],
      ),
    ).toEqual([
      { address: 'a@x.org', label: 'work' },
      { address: 'b@y.org', label: 'home' },
    ]);
    expect(
      unionPhones([{ number: '+1 518 276-6000' }], [{ number: '+15182766000' }, { number: '+44 20 7946 0000' }]),
    ).toEqual([{ number: '+1 518 276-6000' }, { number: '+44 20 7946 0000' }]);
  });

  it('fills only what the survivor lacks', () => {
    expect(
      missingFacts(
        { middleName: null, preferredName: 'Jo', birthDate: null },
        { middleName: 'Ann', preferredName: 'Joey', birthDate: '1990-01-01' },
      ),
    ).toEqual({ middleName: 'Ann', birthDate: '1990-01-01' });
  });
});
