/**
 * When a group's attestation falls due (as Grouper's attestation): a group with `attest_every_days` N is due when it
 * was never attested, or N days (of 24 hours) after it last was; a group without N is never due. Pure; the SQL of
 * the due list (attest-service.ts) applies the same rule and is tested against it on both databases.
 */
const DAY_MS = 86_400_000;

/** When attestation is next due: null when never attested (due already) or when the group has no period. */
export function attestationDueAt(everyDays: number | null, attestedAt: Date | null): Date | null {
  if (everyDays === null || attestedAt === null) return null;
  return new Date(attestedAt.getTime() + everyDays * DAY_MS);
}

export function attestationDue(everyDays: number | null, attestedAt: Date | null, now: Date): boolean {
  if (everyDays === null) return false;
  const dueAt = attestationDueAt(everyDays, attestedAt);
  return dueAt === null || dueAt.getTime() <= now.getTime();
}
