/**
 * When a membership counts, pure: over the half-open interval [from, until), null meaning
 * unbounded. A direct membership counts over [enabled-from, disabled-at); a stored effective
 * row over [valid-from, valid-until). The SQL filter `countsAtSql` (effective-members.ts)
 * decides the same (test/groups/membership-time.test.ts checks it on both databases).
 */
export interface Validity {
  from: Date | null;
  until: Date | null;
}

export function membershipCountsAt(validity: Validity, at: Date): boolean {
  return (
    (validity.from === null || validity.from.getTime() <= at.getTime()) &&
    (validity.until === null || at.getTime() < validity.until.getTime())
  );
}
