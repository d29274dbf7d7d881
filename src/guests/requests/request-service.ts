import type { Actor } from '../../platform/auth/actor.ts';
import { authorise, can } from '../../platform/auth/policy.ts';
import type { ServiceDeps } from '../../platform/deps.ts';
import { assertNoProblems, conflict, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { type UnitOfWork, write } from '../../platform/unit-of-work.ts';
import { findDuplicates } from '../../registry/duplicate-query.ts';
import { renewalProblems } from '../guest-rules.ts';
import { type Db, defaultLifecycleInstaller, guestOf, loadType } from '../guest-store.ts';
import type { Service } from '../guest-types.ts';
import { partiesOf } from '../guest-facts.ts';
import { endedStates, isGuarantor } from '../guest-policy.ts';
import { maySponsor } from '../sponsorship.ts';
import { type MailLinks, mailApprovalNeeded, mailRequestReceived } from './request-mail.ts';
import { hasInbox, mayNameGuarantor, mayRead, type RequestActor } from './request-policy.ts';
import { lastDayOfYear, type RequestInput, requestProblems, resolveSteps } from './request-rules.ts';
import type { DuplicateHintInput, DuplicateHintView, GuestRequestView, RequestOptions } from './request-schemas.ts';
import {
  approversOf,
  departmentApprovers,
  inboxIds,
  loadRequests,
  personOfActor,
  present,
  requestActor,
  type StoredRequest,
  requestsInScopes,
} from './request-store.ts';
import { isoDate } from '../../platform/dates.ts';

/**
 * Submitting, reading and withdrawing guest requests, the approval inbox and duplicate
 * hints. The signed-in staff member is the guarantor (their account's person); a system
 * administrator may name another guarantor. Bad input is refused naming field and rule and
 * changes nothing; submitting queues `request-received` to the guarantor and
 * `approval-needed` to the first step's approvers in the same transaction.
 */
export interface NewRequest extends RequestInput {
  guarantorId?: number | null;
}

export interface RenewalRequest {
  guestId: number;
  validTo: string;
  guarantorId?: number | null;
}

export function createRequestService(deps: ServiceDeps, links: MailLinks) {
  const { db, clock } = deps;
  const ensureDefaults = defaultLifecycleInstaller(deps);

  /** The guarantor: the actor's person, or (system administrators only) the person they name. */
  async function guarantorOf(trx: Db, actor: Actor, named: number | null | undefined): Promise<number> {
    const me = await requestActor(trx, actor);
    const own = me.personId;
    if (named && named !== own) {
      if (!mayNameGuarantor(me)) throw forbidden(`${actor.name} may only ask as their own guarantor`);
      const p = await trx.selectFrom('people').select('state').where('id', '=', named).executeTakeFirst();
      if (!p || p.state !== 'active')
        throw invalid('/guarantorId', 'known-person', `there is no active person ${named}`);
      return named;
    }
    if (own === null)
      throw forbidden(`${actor.name}'s account is not linked to a person of the registry, so it cannot be a guarantor`);
    return own;
  }

  async function orgRow(trx: Db, id: number | null | undefined, field: string) {
    if (!id) return null;
    const row = await trx
      .selectFrom('org_units')
      .select(['id', 'path', 'valid_to'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw invalid(field, 'known-unit', `there is no org unit ${id}`);
    return row;
  }

  async function submitted(uow: UnitOfWork, id: number, guarantorId: number): Promise<void> {
    const [view] = await loadRequests(uow.db, [id]);
    const g = await uow.db
      .selectFrom('people')
      .select('emails')
      .where('id', '=', guarantorId)
      .executeTakeFirstOrThrow();
    const address = (g.emails as { address: string }[])[0]?.address ?? null;
    await mailRequestReceived(uow, view, address, links);
    await mailApprovalNeeded(
      uow,
      view,
      0,
      await approversOf(uow.db, view.steps[0].step, { hostOrgId: view.hostOrg?.id ?? null, sponsorId: view.sponsorId }),
      links,
    );
    uow.record({
      action: 'guest-request.submit',
      op: 'created',
      targetType: 'guest_request',
      targetId: id,
      after: {
        kind: view.kind,
        type: view.type,
        personId: view.personId,
        visitor: view.visitor,
        hostOrgId: view.hostOrg?.id ?? null,
        guarantorId,
        services: view.services,
        validFrom: view.validFrom,
        validTo: view.validTo,
        steps: view.steps.map((s) => s.step),
        state: 'waiting',
      },
    });
  }

  /** Submits a request for a visitor (new, or an existing person named by `personId`). */
  async function submit(actor: Actor, input: NewRequest): Promise<GuestRequestView> {
    authorise(actor, 'guests:request');
    await ensureDefaults();
    const id = await write(deps, actor, async (uow) => {
      const guarantorId = await guarantorOf(uow.db, actor, input.guarantorId);
      const type = await loadType(uow.db, input.type).catch(() => {
        throw invalid('/type', 'known-type', `there is no guest type ${input.type}`);
      });
      const host = await orgRow(uow.db, input.hostOrgId, '/hostOrgId');
      const today = isoDate(uow.now);
      if (host?.valid_to && host.valid_to < today)
        throw invalid('/hostOrgId', 'org-ended', `unit ${host.id} ended on ${host.valid_to}`);
      if (input.personId) {
        const p = await uow.db.selectFrom('people').select('state').where('id', '=', input.personId).executeTakeFirst();
        if (!p) throw invalid('/personId', 'known-person', `there is no person ${input.personId}`);
        if (p.state === 'merged')
          throw invalid(
            '/personId',
            'not-merged',
            `person ${input.personId} was merged into another record; name the survivor`,
          );
      }
      const subtree =
        type.orgSubtree === null
          ? null
          : ((
              await uow.db.selectFrom('org_units').select('path').where('code', '=', type.orgSubtree).executeTakeFirst()
            )?.path ?? '/nowhere/');
      assertNoProblems(
        requestProblems(input, {
          today,
          type,
          hostInSubtree: subtree === null || host === null || host.path.startsWith(subtree),
          sponsorMaySponsor: input.sponsorId ? await maySponsor(uow.db, input.sponsorId, today) : null,
        }),
      );
      const steps = resolveSteps(type.approvalChain, input.services ?? [], 'new', host !== null);
      if (steps[0] === 'department-approvers' && (await departmentApprovers(uow.db, host!.id)).length === 0) {
        throw invalid(
          '/hostOrgId',
          'has-approvers',
          `unit ${host!.id} and the units above it have no approver: appoint one before asking`,
        );
      }
      const row = await uow.db
        .insertInto('guest_requests')
        .values({
          kind: 'new',
          type_id: type.id,
          person_id: input.personId ?? null,
          given_name: input.personId ? null : input.givenName!.trim(),
          family_name: input.personId ? null : input.familyName!.trim(),
          email: input.personId ? null : input.email!.trim(),
          birth_date: input.personId ? null : (input.birthDate ?? null),
          host_org_id: host?.id ?? null,
          sponsor_id: input.sponsorId ?? null,
          guarantor_id: guarantorId,
          submitted_by: actor.kind === 'user' ? actor.id : null,
          reason: input.reason ?? null,
          services: JSON.stringify(input.services ?? []),
          valid_from: input.validFrom,
          valid_to: input.validTo,
          in_directory: input.inDirectory ?? null,
          steps: JSON.stringify(steps),
          state: 'waiting',
          created_at: uow.now,
          updated_at: uow.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await submitted(uow, row.id, guarantorId);
      return row.id;
    });
    return presented(actor, id);
  }

  /** Asks for a longer stay of a guest (its guarantor, or a guest manager of its units); approved by the department. */
  async function submitRenewal(actor: Actor, input: RenewalRequest): Promise<GuestRequestView> {
    authorise(actor, 'guests:request');
    const id = await write(deps, actor, async (uow) => {
      const row = await uow.db.selectFrom('guests').selectAll().where('id', '=', input.guestId).executeTakeFirst();
      if (!row) throw invalid('/guestId', 'known-guest', `there is no guest ${input.guestId}`);
      const type = await loadType(uow.db, row.type_id);
      const guest = guestOf(row, type);
      const parties = await partiesOf(uow.db, actor, guest, false);
      if (!isGuarantor(parties)) authorise(actor, 'guests:manage', { orgPaths: parties.orgPaths });
      const guarantorId = guest.guarantorId ?? (await guarantorOf(uow.db, actor, input.guarantorId));
      if (endedStates.has(guest.state))
        throw conflict(`guest ${guest.id} is ${guest.state}: ask for a new visit instead`, {
          field: '/guestId',
          rule: 'state',
          message: `not while ${guest.state}`,
        });
      const today = isoDate(uow.now);
      assertNoProblems(renewalProblems(guest, input.validTo, type, today));
      const from = today > guest.validFrom ? today : guest.validFrom;
      if (input.validTo > lastDayOfYear(from))
        throw invalid(
          '/validTo',
          'one-year',
          `a renewal asks for at most a year at a time: the latest valid-to is ${lastDayOfYear(from)}`,
        );
      const open = await uow.db
        .selectFrom('guest_requests')
        .select('id')
        .where('guest_id', '=', guest.id)
        .where('kind', '=', 'renewal')
        .where('state', '=', 'waiting')
        .executeTakeFirst();
      if (open)
        throw conflict(`guest ${guest.id} already has renewal request ${open.id} waiting`, {
          field: '/guestId',
          rule: 'one-open-renewal',
          message: `request ${open.id} waits`,
        });
      const steps = resolveSteps(type.approvalChain, guest.services, 'renewal', guest.hostOrgId !== null);
      const inserted = await uow.db
        .insertInto('guest_requests')
        .values({
          kind: 'renewal',
          type_id: type.id,
          guest_id: guest.id,
          person_id: guest.personId,
          host_org_id: guest.hostOrgId,
          sponsor_id: guest.sponsorId,
          guarantor_id: guarantorId,
          submitted_by: actor.kind === 'user' ? actor.id : null,
          reason: guest.reason,
          services: JSON.stringify(guest.services),
          valid_from: guest.validFrom,
          valid_to: input.validTo,
          in_directory: guest.inDirectory,
          steps: JSON.stringify(steps),
          state: 'waiting',
          created_at: uow.now,
          updated_at: uow.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await submitted(uow, inserted.id, guarantorId);
      return inserted.id;
    });
    return presented(actor, id);
  }

  async function presented(actor: Actor, id: number): Promise<GuestRequestView> {
    return present(await requestActor(db, actor), (await loadRequests(db, [id]))[0]);
  }

  /** May the actor see this request (request-policy.ts `mayRead`)? */
  async function mayView(me: RequestActor, r: StoredRequest): Promise<boolean> {
    const department =
      r.parties.steps.includes('department-approvers') && r.hostOrg !== null && !me.readsGuests
        ? await departmentApprovers(db, r.hostOrg.id)
        : [];
    return mayRead(me, r.parties, department);
  }

  async function get(actor: Actor, id: number): Promise<GuestRequestView> {
    authorise(actor, 'guests:request');
    const [r] = await loadRequests(db, [id]);
    if (!r) throw notFound('guest request', id);
    const me = await requestActor(db, actor);
    if (!(await mayView(me, r)))
      throw forbidden(
        `${actor.name} may not see guest request ${id}: it is for its guarantor, its approvers and guest readers`,
      );
    return present(me, r);
  }

  /**
   * The actor's own requests (as guarantor or submitter), newest first; guest readers may ask for everyone's (`all`):
   * those of every unit, or for an organisation administrator those of the units in their subtrees.
   */
  async function list(
    actor: Actor,
    query: { state?: GuestRequestView['state']; all?: boolean; limit?: number },
  ): Promise<GuestRequestView[]> {
    authorise(actor, 'guests:request');
    if (query.all) authorise(actor, 'guests:read');
    const me = await requestActor(db, actor);
    if (me.personId === null && !query.all && !can(actor, 'guests:read'))
      throw forbidden(`${actor.name}'s account is not linked to a person of the registry, so it has no requests`);
    let q = db.selectFrom('guest_requests').select('id');
    if (!query.all)
      q = q.where((eb) => eb.or([eb('guarantor_id', '=', me.personId ?? -1), eb('submitted_by', '=', actor.id ?? -1)]));
    if (query.all && !me.readsGuests) q = q.where(requestsInScopes(me.guestScopes ?? []));
    if (query.state) q = q.where('state', '=', query.state);
    const rows = await q
      .orderBy('id', 'desc')
      .limit(Math.min(query.limit ?? 100, 500))
      .execute();
    return (
      await loadRequests(
        db,
        rows.map((r) => r.id),
      )
    ).map((r) => present(me, r));
  }

  /** The waiting requests that await the actor's decision (request-policy.ts `awaitsDecision`), oldest first. */
  async function inbox(actor: Actor): Promise<GuestRequestView[]> {
    authorise(actor, 'guests:request');
    const me = await requestActor(db, actor);
    if (!hasInbox(me))
      throw forbidden(`${actor.name}'s account has no person and holds no desk office: it approves nothing`);
    return (await loadRequests(db, await inboxIds(db, me))).map((r) => present(me, r));
  }

  /**
   * Likely existing people for the names, email and birth date typed into the form (the registry's duplicate scoring).
   */
  async function duplicateHints(actor: Actor, input: DuplicateHintInput): Promise<DuplicateHintView[]> {
    authorise(actor, 'guests:request');
    if (!can(actor, 'people:read') && (await personOfActor(db, actor)) === null)
      throw forbidden(`${actor.name}'s account is not linked to a person of the registry, so it cannot ask for guests`);
    if (!input.givenName.trim() || !input.familyName.trim()) return [];
    const found = await findDuplicates(
      db,
      {
        givenName: input.givenName,
        familyName: input.familyName,
        birthDate: input.birthDate ?? null,
        emails: input.email ? [input.email.trim()] : [],
        identifiers: [],
      },
      { limit: 5 },
    );
    const today = isoDate(clock.now());
    const guests = found.length
      ? await db
          .selectFrom('guests as g')
          .innerJoin('guest_types as t', 't.id', 'g.type_id')
          .select(['g.person_id', 't.label', 'g.state', 'g.valid_to'])
          .where(
            'g.person_id',
            'in',
            found.map((f) => f.person.id),
          )
          .where((eb) => eb.or([eb('g.valid_to', 'is', null), eb('g.valid_to', '>=', today)]))
          .execute()
      : [];
    return found.map((f) => ({
      personId: f.person.id,
      displayName: f.person.displayName,
      birthYear: f.person.birthDate ? Number(f.person.birthDate.slice(0, 4)) : null,
      score: f.score,
      reasons: f.reasons,
      currentGuest: guests
        .filter((g) => g.person_id === f.person.id)
        .map((g) => `${g.label} (${g.state}${g.valid_to ? ` until ${g.valid_to}` : ''})`),
    }));
  }

  /**
   * What the request form offers a guarantor who may not read the registry: the guest types
   * that go through requests (with their services, reasons and limits) and the current units
   * (a type's departments are those under its `orgSubtreePath`).
   */
  async function formOptions(actor: Actor): Promise<RequestOptions> {
    authorise(actor, 'guests:request');
    if (!can(actor, 'guests:read') && (await personOfActor(db, actor)) === null)
      throw forbidden(`${actor.name}'s account is not linked to a person of the registry, so it cannot ask for guests`);
    await ensureDefaults();
    const today = isoDate(clock.now());
    const types = await db
      .selectFrom('guest_types as t')
      .innerJoin('guest_lifecycles as l', 'l.name', 't.lifecycle')
      .leftJoin('org_units as u', 'u.code', 't.org_subtree')
      .select([
        't.name',
        't.label',
        't.services',
        't.reasons',
        't.max_days',
        't.default_days',
        't.default_unit',
        't.sponsor_required',
        't.org_subtree',
        'u.path',
        'l.definition',
      ])
      .orderBy('t.display_rank')
      .orderBy('t.name')
      .execute();
    const units = await db
      .selectFrom('org_units')
      .select(['id', 'code', 'name', 'path'])
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', today)]))
      .orderBy('path')
      .execute();
    return {
      today,
      types: types
        .filter(
          (t) =>
            (t.definition as { initial: string; entry: string }).initial !== (t.definition as { entry: string }).entry,
        )
        .map((t) => ({
          name: t.name,
          label: t.label,
          services: t.services as Service[],
          reasons: t.reasons,
          maxDays: t.max_days === null ? 365 : Math.min(t.max_days, 365),
          defaultDays: t.default_days,
          defaultUnit: t.default_unit,
          sponsorRequired: t.sponsor_required,
          orgSubtree: t.org_subtree,
          orgSubtreePath: t.org_subtree === null ? null : (t.path ?? '/nowhere/'),
        })),
      units,
    };
  }

  return { submit, submitRenewal, get, list, inbox, duplicateHints, formOptions };
}

export type RequestService = ReturnType<typeof createRequestService>;
