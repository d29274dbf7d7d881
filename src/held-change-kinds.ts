import type { Actor } from './platform/auth/actor.ts';
import type { HeldChangeService } from './platform/mass-change/held-change-service.ts';
import type { GuardOutcome } from './platform/mass-change/mass-change-guard.ts';
import type { OrgService } from './organisations/org-service.ts';
import type { EndBody } from './organisations/org-schemas.ts';
import type { RecomputeOptions, StatusService } from './status/status-service.ts';
import type { StatusTypeInput } from './status/status-type-service.ts';

interface Services {
  heldChanges: HeldChangeService;
  orgs: OrgService;
  status: StatusService;
}

/** What a released change answers: its route's result (the guard applies a release whatever its size). */
function resultOf<T>(outcome: GuardOutcome<T>): T | null {
  return outcome.outcome === 'applied' ? outcome.result : null;
}

/**
 * How each kind of held change is applied when an administrator releases it: the route's own use case, run again with
 * the parameters and the version it was asked with, as the release of that held change.
 */
export function registerHeldChangeKinds(app: Services): void {
  const num = (v: unknown) => Number(v);
  app.heldChanges.register('org.end', async (actor: Actor, r, releasing) =>
    resultOf(await app.orgs.endUnit(actor, num(r.id), num(r.version), r.body as EndBody, { releasing })),
  );
  app.heldChanges.register('org.move', async (actor, r, releasing) => {
    const reason = (r.reason as string | null | undefined) ?? null;
    resultOf(await app.orgs.moveUnit(actor, num(r.id), num(r.version), num(r.parentId), reason, { releasing }));
    return app.orgs.getUnit(actor, num(r.id));
  });
  app.heldChanges.register('status.type.update', async (actor, r, releasing) => {
    const body = r.body as StatusTypeInput;
    resultOf(await app.status.types.updateType(actor, num(r.id), num(r.version), body, { releasing }));
    return app.status.types.getType(actor, num(r.id));
  });
  app.heldChanges.register('status.recompute', async (actor, r, releasing) => {
    const body = (r.body ?? {}) as Omit<RecomputeOptions, 'onProgress'>;
    await app.status.guardRecompute(actor, body, { releasing });
    return app.status.recomputeAll(actor, body);
  });
}
