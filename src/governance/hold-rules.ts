/**
 * The mass-loss guard of the governance reconcile, pure: one pass that would start grace for
 * more than the policy's `mass_loss_percent` of a group's governed members (a department
 * closed, a feed hiccup) is held for release instead of acting, like a source snapshot over
 * its threshold. Fewer than `MASS_LOSS_MINIMUM` starts never hold, so one leaver of a small
 * group goes through.
 */
export const MASS_LOSS_MINIMUM = 5;

export function isMassLoss(starts: number, members: number, percent: number): boolean {
  if (starts < MASS_LOSS_MINIMUM) return false;
  return starts * 100 > percent * Math.max(members, 1);
}

/** The hold's description, as its page shows it. */
export function holdReason(starts: number, members: number, percent: number): string {
  const pct = members ? Math.round((starts * 1000) / members) / 10 : 100;
  return `one pass would start grace for ${starts} of ${members} governed members (${pct} %), above the threshold of ${percent} %`;
}
