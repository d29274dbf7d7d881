/**
 * Whether a lifecycle notice is still worth sending when the sweep gets to it. After downtime the sweep walks a guest
 * through every step it missed, so the expiring reminder can fall due after the stay it announces has already
 * ended; the guest and their guarantor then get the "access ended" notice of the same sweep instead, and the reminder
 * is recorded as not sent, with why.
 */
export function outdatedNotice(event: string, validTo: string | null, today: string): string | null {
  if (event !== 'expiring-reminder' || validTo === null || validTo >= today) return null;
  return `not sent: the stay ended on ${validTo}, before the reminder went out (the sweep did not run in time)`;
}
