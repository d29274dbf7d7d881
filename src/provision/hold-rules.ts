/**
 * When a mass change is held for release, like a source snapshot that would end too many
 * affiliations. Pure. A pass (or a full sync) that would disable or delete more than the
 * target's threshold percentage of the accounts it has provisioned waits for an
 * administrator; fewer than `HOLD_MINIMUM` never hold, so one leaver of a small target
 * does not stop it.
 */
export const HOLD_MINIMUM = 5;

export interface HoldFacts {
  /** Accounts the pass would disable or delete. */
  retiring: number;
  /** Active accounts the target holds now. */
  provisioned: number;
  thresholdPercent: number;
}

export function mustHold(f: HoldFacts): boolean {
  if (f.retiring < HOLD_MINIMUM) return false;
  return f.retiring * 100 > f.thresholdPercent * Math.max(f.provisioned, 1);
}

/** The hold's description, as the target page shows it. */
export function holdReason(f: HoldFacts): string {
  const pct = f.provisioned ? Math.round((f.retiring * 1000) / f.provisioned) / 10 : 100;
  return `would disable or delete ${f.retiring} of ${f.provisioned} accounts (${pct} %), above the threshold of ${f.thresholdPercent} %`;
}
