import type { AccessAssignment } from './access-api.ts';

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** One made assignment in words: subject, scope and dates; a start still ahead is marked as such. */
export function describeAssignment(a: AccessAssignment, now = Date.now()): string {
  const scope =
    a.scope.kind === 'org'
      ? (a.scope.orgCode ?? `unit ${a.scope.orgId}`)
      : a.scope.kind === 'everywhere'
        ? 'everywhere'
        : 'wherever affiliated';
  const from = a.enabledFrom
    ? ` from ${when(a.enabledFrom)} UTC${new Date(a.enabledFrom).getTime() > now ? ' (starts in the future)' : ''}`
    : '';
  const until = a.enabledUntil ? ` until ${when(a.enabledUntil)} UTC` : '';
  return `${a.subject.type} ${a.subject.id} in ${scope}${from}${until}`;
}

/** The wizard's success: how many assignments were made and each one. */
export function AssignedMessage({ made }: { made: AccessAssignment[] }) {
  return (
    <div className="alert alert-ok" role="status" data-testid="assigned">
      {made.length} assignment{made.length === 1 ? '' : 's'} made: {made.map((a) => describeAssignment(a)).join('; ')}
    </div>
  );
}
