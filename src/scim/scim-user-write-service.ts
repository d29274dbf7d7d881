import type { Actor } from '../platform/auth/actor.ts';
import { can } from '../platform/auth/policy.ts';
import { isoDate } from '../platform/dates.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { type UnitOfWork, write } from '../platform/unit-of-work.ts';
import { recordHash } from '../sources/record-hash.ts';
import { type ApplyContext, applyRecords, lockSource } from '../sources/snapshot-apply.ts';
import { previousRecords, type PreviousRecord } from '../sources/snapshot-store.ts';
import { type ScimClient, scimClientOf } from './scim-client-rules.ts';
import { ScimError } from './scim-errors.ts';
import { scimScope } from './scim-scope.ts';
import type { ScimService } from './scim-service.ts';
import { weakEtag } from './scim-user-map.ts';
import { readScimUser, type ScimUserWrite, toAffiliationRecord } from './scim-user-record-rules.ts';
import { assertUserNameFree, checkedOrg, ensureSource, normalUserName, syncPerson } from './scim-user-write-store.ts';
import { applyUserPatch } from './scim-user-patch.ts';

/**
 * Users written through SCIM (RFC 7644 §3.3, §3.5, §3.6): a SCIM client is a source of record. Each user it writes is
 * one affiliation record of its source (`scim-<account>`), applied by the sources' own `applyRecords` (matching,
 * reviews, audit, change log, statuses), and the person's own facts follow what the client sent. DELETE ends the
 * client's record, never the person. Writers need `scim:write`; If-Match guards PUT, PATCH and DELETE.
 */
export interface WrittenUser {
  user: Record<string, unknown>;
  etag: string;
  version: number;
}

interface Target {
  personId: number;
  ifMatch: string | undefined;
}

/** `If-Match` absent or `*` proceeds; otherwise it must name the current version (412 if not). */
function checkIfMatch(header: string | undefined, version: number) {
  if (!header || header.trim() === '*') return;
  const current = weakEtag(version);
  const named = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!named.includes(current.replace(/^W\//, '')))
    throw new ScimError(412, `the User has changed: its current version is ${current}, not ${header}`);
}

export function createScimUserWriteService(deps: ServiceDeps, scim: ScimService) {
  const { clock } = deps;

  function writer(actor: Actor | null | undefined): { actor: Actor; client: ScimClient } {
    if (!actor) throw new ScimError(401, 'send an API token as Authorization: Bearer <token>');
    scimScope(actor);
    if (!can(actor, 'scim:write')) throw new ScimError(403, `${actor.name} may not write through SCIM (scim:write)`);
    return { actor, client: scimClientOf(actor) };
  }

  async function shown(actor: Actor, id: string | number, base: string): Promise<WrittenUser> {
    const row = await scim.getUser(actor, String(id));
    const [user] = await scim.usersOf([row], base, actor);
    return { user: user!, etag: weakEtag(row.version), version: row.version };
  }

  /** The client's record of a person, if it has one. */
  async function recordOf(uow: UnitOfWork, source: string, personId: number) {
    const found = await uow.db
      .selectFrom('source_records')
      .select('record_key')
      .where('source', '=', source)
      .where('person_id', '=', personId)
      .orderBy('record_key')
      .executeTakeFirst();
    if (!found) return null;
    const previous = (await previousRecords(uow.db, source, [found.record_key])).get(found.record_key)!;
    return { recordKey: found.record_key, previous };
  }

  /** Locks the person and checks If-Match. */
  async function lockPerson(uow: UnitOfWork, target: Target) {
    const row = await uow.db
      .selectFrom('people')
      .select('version')
      .where('id', '=', target.personId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    checkIfMatch(target.ifMatch, row.version);
  }

  /** Applies one user as the client's record; the person it landed on, or the review it waits in. */
  async function apply(
    actor: Actor,
    client: ScimClient,
    user: ScimUserWrite,
    target: Target | null,
  ): Promise<{ personId: number } | { reviewId: number | null }> {
    const today = isoDate(clock.now());
    const userName = normalUserName(user.userName);
    return write(deps, actor, async (uow) => {
      await lockSource(uow, client.source);
      if (target) await lockPerson(uow, target);
      const source = await ensureSource(uow, client);
      await assertUserNameFree(uow, userName, target?.personId ?? null);
      const own = target ? await recordOf(uow, source.name, target.personId) : null;
      const ownRecord = own?.previous.record ?? null;
      const personKey = ownRecord?.personKey ?? user.externalId ?? userName;
      const recordKey = own?.recordKey ?? personKey;
      let previous: PreviousRecord | null = own?.previous ?? null;
      if (!own) {
        previous = (await previousRecords(uow.db, source.name, [recordKey])).get(recordKey) ?? null;
        if (previous)
          throw new ScimError(409, `${client.account} already has a User with key ${recordKey}`, 'uniqueness');
      }
      const kind = user.kind ?? ownRecord?.kind ?? source.kinds[0] ?? 'affiliate';
      if (source.kinds.length && !source.kinds.includes(kind))
        throw new ScimError(400, `affiliationKind ${kind} is not one of ${source.kinds.join(', ')}`, 'invalidValue');
      const orgCode = await checkedOrg(uow, client, user.orgCode ?? ownRecord?.orgCode ?? null);
      const record = toAffiliationRecord(user, {
        recordKey,
        personKey,
        orgCode,
        kind,
        previousValidTo: ownRecord?.validTo ?? null,
        today,
      });
      const hash = recordHash(record);
      let personId = previous?.personId ?? null;
      if (previous?.hash !== hash) {
        const ctx: ApplyContext = {
          source,
          snapshotId: null,
          today,
          origin: `SCIM write of ${client.account}`,
          ...(target
            ? { decide: (key: string) => (key === personKey ? { personId: target.personId } : undefined) }
            : {}),
        };
        const counts = await applyRecords(uow, ctx, [{ recordKey, line: null, hash, record, previous }], []);
        const out = counts.outcomes.get(recordKey);
        if (!out || 'reviewId' in out) return { reviewId: out && 'reviewId' in out ? out.reviewId : null };
        personId = out.personId;
      }
      await syncPerson(uow, client, personId!, user, previous?.hash !== hash);
      return { personId: personId! };
    });
  }

  const answered = async (actor: Actor, outcome: { personId: number } | { reviewId: number | null }, base: string) => {
    if ('personId' in outcome) return shown(actor, outcome.personId, base);
    throw new ScimError(
      409,
      outcome.reviewId === null
        ? 'the User matches no person and this client may not create people; an administrator must add the person'
        : `the User may be a person the registry already holds: it waits in match review ${outcome.reviewId} for an administrator (GET it again by filter once resolved)`,
      'uniqueness',
    );
  };

  /** POST /Users. */
  async function createUser(who: Actor | null | undefined, body: unknown, base: string): Promise<WrittenUser> {
    const { actor, client } = writer(who);
    const user = readScimUser(body);
    return answered(actor, await apply(actor, client, user, null), base);
  }

  /** PUT /Users/:id: the client's record becomes the full resource sent. */
  async function replaceUser(
    who: Actor | null | undefined,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
    base: string,
  ) {
    const { actor, client } = writer(who);
    const current = await shown(actor, id, base);
    const user = readScimUser(body, current.user);
    return answered(actor, await apply(actor, client, user, { personId: Number(id), ifMatch }), base);
  }

  /** PATCH /Users/:id: the operations applied to the User as GET shows it, then written as PUT writes. */
  async function patchUser(
    who: Actor | null | undefined,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
    base: string,
  ) {
    const { actor, client } = writer(who);
    // The write holds the version the operations were applied to: a change in between starts them again.
    for (let attempt = 1; ; attempt++) {
      const current = await shown(actor, id, base);
      checkIfMatch(ifMatch, current.version);
      const user = readScimUser(applyUserPatch(current.user, body), current.user);
      try {
        return await answered(
          actor,
          await apply(actor, client, user, { personId: Number(id), ifMatch: current.etag }),
          base,
        );
      } catch (e) {
        if (!(e instanceof ScimError && e.status === 412) || attempt >= 3) throw e;
      }
    }
  }

  /** DELETE /Users/:id: the client's record is gone (its affiliation ends); the person stays. */
  async function deleteUser(who: Actor | null | undefined, id: string, ifMatch: string | undefined): Promise<void> {
    const { actor, client } = writer(who);
    const row = await scim.getUser(actor, id);
    const today = isoDate(clock.now());
    await write(deps, actor, async (uow) => {
      await lockSource(uow, client.source);
      await lockPerson(uow, { personId: row.id, ifMatch });
      const source = await uow.db
        .selectFrom('sources')
        .select('name')
        .where('name', '=', client.source)
        .executeTakeFirst();
      const own = source ? await recordOf(uow, client.source, row.id) : null;
      if (!own) throw new ScimError(404, `User ${id} has no record of ${client.account} to delete`);
      const config = await ensureSource(uow, client);
      const ctx: ApplyContext = { source: config, snapshotId: null, today, origin: `SCIM delete of ${client.account}` };
      await applyRecords(uow, ctx, [], [{ recordKey: own.recordKey, previous: own.previous }]);
      await uow.db
        .updateTable('people')
        .set((eb) => ({ updated_at: uow.now, version: eb('version', '+', 1) }))
        .where('id', '=', row.id)
        .execute();
    });
  }

  return { createUser, replaceUser, patchUser, deleteUser };
}

export type ScimUserWriteService = ReturnType<typeof createScimUserWriteService>;
