import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import { CHANGE_ENTITY_TYPES } from '../platform/changes/entity-types.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, conflict, stale } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { loadKnown } from '../feeds/feed-store.ts';
import { normaliseTarget, type TargetDefinition, type TargetInput, targetProblems } from './target-definition.ts';
import { withGroupIds } from './selection-query.ts';
import { definitionColumns, definitionOf, loadTarget, type TargetView, viewsOf } from './target-store.ts';
import { newWebhookSecret } from './webhook/webhook-signing.ts';

/**
 * Provisioning targets as data: system administrators define, change (If-Match), pause,
 * resume and remove them; auditors read them. Secrets are write-only: a change that
 * leaves them out keeps them; the audit records which were changed, never their values.
 * A webhook target created without a secret gets one, shown once in the answer.
 */
export type CreatedTarget = TargetView & { generatedSecret?: string };

export function createTargetService(deps: ServiceDeps) {
  const { db } = deps;

  async function checked(input: TargetInput): Promise<TargetDefinition> {
    const known = await loadKnown(db, input.selection?.orgUnits ?? []);
    const groups = await db.selectFrom('groups').select('name').execute();
    const roles = await db
      .selectFrom('access_roles as r')
      .innerJoin('access_applications as a', 'a.id', 'r.application_id')
      .select(['a.name as app', 'r.name as role'])
      .execute();
    assertNoProblems(
      targetProblems(input, {
        ...known,
        groups: new Set(groups.map((g) => g.name)),
        roles: new Set(roles.map((r) => `${r.app}/${r.role}`)),
        entityTypes: CHANGE_ENTITY_TYPES,
      }),
    );
    return withGroupIds(db, normaliseTarget(input, known));
  }

  const view = async (name: string) => (await viewsOf(db, [await loadTarget(db, name)]))[0];

  async function list(actor: Actor): Promise<TargetView[]> {
    authorise(actor, 'provision:read');
    return viewsOf(db, await db.selectFrom('provision_targets').selectAll().orderBy('name').execute());
  }

  async function get(actor: Actor, name: string): Promise<TargetView> {
    authorise(actor, 'provision:read');
    return view(name);
  }

  async function create(actor: Actor, input: TargetInput): Promise<CreatedTarget> {
    authorise(actor, 'provision:configure');
    const def = await checked(input);
    const secrets = { ...(input.secrets ?? {}) };
    let generatedSecret: string | undefined;
    if (def.kind === 'webhook' && !secrets.secret) secrets.secret = generatedSecret = newWebhookSecret();
    await write(deps, actor, async (uow) => {
      const taken = await uow.db
        .selectFrom('provision_targets')
        .select('id')
        .where('name', '=', def.name)
        .executeTakeFirst();
      if (taken)
        throw conflict(`provisioning target ${def.name} already exists`, {
          field: '/name',
          rule: 'unique',
          message: 'already exists',
        });
      const head = await uow.db
        .selectFrom('chain_heads')
        .select('seq')
        .where('name', '=', 'changes')
        .executeTakeFirstOrThrow();
      const row = await uow.db
        .insertInto('provision_targets')
        .values({
          name: def.name,
          ...definitionColumns(def),
          secrets: JSON.stringify(secrets),
          state: input.paused ? 'paused' : 'active',
          cursor: head.seq,
          created_at: uow.now,
          updated_at: uow.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      uow.record({
        action: 'provision.target.create',
        op: 'created',
        targetType: 'provision_target',
        targetId: row.id,
        after: { ...def, paused: input.paused ?? false, secretsSet: Object.keys(secrets) },
      });
    });
    const out: CreatedTarget = await view(def.name);
    if (generatedSecret) out.generatedSecret = generatedSecret;
    return out;
  }

  async function update(actor: Actor, name: string, version: number, input: Omit<TargetInput, 'name'>) {
    authorise(actor, 'provision:configure');
    const def = await checked({ ...input, name });
    await write(deps, actor, async (uow) => {
      const current = await loadTarget(uow.db, name, { forUpdate: true });
      if (current.version !== version) throw stale(`provisioning target ${name}`, version, current.version);
      if (current.kind !== def.kind)
        throw conflict(`target ${name} is of kind ${current.kind}; its kind cannot change`, {
          field: '/kind',
          rule: 'immutable',
        });
      const secrets = { ...current.secrets, ...(input.secrets ?? {}) };
      await uow.db
        .updateTable('provision_targets')
        .set({
          ...definitionColumns(def),
          secrets: JSON.stringify(secrets),
          ...(input.paused === undefined ? {} : { state: input.paused ? 'paused' : 'active' }),
          updated_at: uow.now,
          version: sql`version + 1`,
        })
        .where('id', '=', current.id)
        .execute();
      uow.record({
        action: 'provision.target.update',
        op: 'updated',
        targetType: 'provision_target',
        targetId: current.id,
        before: definitionOf(current),
        after: { ...def, secretsChanged: Object.keys(input.secrets ?? {}) },
      });
    });
    return view(name);
  }

  /** Pauses or resumes (If-Match). A paused target still reads the change log, so nothing is lost. */
  async function setState(actor: Actor, name: string, version: number, state: 'active' | 'paused') {
    authorise(actor, 'provision:configure');
    await write(deps, actor, async (uow) => {
      const current = await loadTarget(uow.db, name, { forUpdate: true });
      if (current.version !== version) throw stale(`provisioning target ${name}`, version, current.version);
      await uow.db
        .updateTable('provision_targets')
        .set({ state, updated_at: uow.now, version: sql`version + 1` })
        .where('id', '=', current.id)
        .execute();
      uow.record({
        action: state === 'paused' ? 'provision.target.pause' : 'provision.target.resume',
        op: 'updated',
        targetType: 'provision_target',
        targetId: current.id,
        before: { state: current.state },
        after: { state },
      });
    });
    return view(name);
  }

  async function remove(actor: Actor, name: string, version: number): Promise<void> {
    authorise(actor, 'provision:configure');
    await write(deps, actor, async (uow) => {
      const current = await loadTarget(uow.db, name, { forUpdate: true });
      if (current.version !== version) throw stale(`provisioning target ${name}`, version, current.version);
      await uow.db.deleteFrom('provision_targets').where('id', '=', current.id).execute();
      uow.record({
        action: 'provision.target.delete',
        op: 'deleted',
        targetType: 'provision_target',
        targetId: current.id,
        before: definitionOf(current),
      });
    });
  }

  return { list, get, create, update, setState, remove };
}

export type TargetService = ReturnType<typeof createTargetService>;
