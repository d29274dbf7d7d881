import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, conflict, type FieldProblem, invalid, notFound } from '../platform/errors.ts';
import { type UnitOfWork, write } from '../platform/unit-of-work.ts';
import {
  fieldDefinitionProblems,
  type FieldType,
  type FieldValue,
  NAME_PATTERN,
  type StreamFieldDefinition,
  storedValue,
  valueProblem,
} from './stream-fields.ts';
import { createStreamHolderService } from './stream-holder-service.ts';
import { bumpStream, loadSetValues, loadStream, type StreamView } from './stream-store.ts';
import { createStreamValueService } from './stream-value-service.ts';

/**
 * Auxiliary status streams (the paper's People_Status_Aux): a system administrator defines
 * a stream (name, the office whose holders manage it) and its fields; the office sets a
 * value per status type and field; anyone with a role asks "everyone with
 * stream/field/value" and "does person P have it". A status type without a value for a
 * field has the field's default. The stream's version covers its definition, its fields
 * and its values, so the generated form's If-Match guards all of them.
 */
export interface StreamInput {
  name: string;
  label?: string;
  accessRole: string;
  description?: string;
}

export interface FieldInput {
  name: string;
  label?: string;
  type: FieldType;
  options?: string[];
  length?: number | null;
  default?: FieldValue | null;
  displayRank?: number;
}

function fieldDefinition(input: FieldInput, prefix = ''): StreamFieldDefinition {
  const def: StreamFieldDefinition = {
    name: input.name,
    label: (input.label ?? input.name).trim(),
    type: input.type,
    options: input.options ?? [],
    length: input.length ?? null,
    default: input.default ?? null,
    displayRank: input.displayRank ?? 0,
  };
  assertNoProblems(fieldDefinitionProblems(def, prefix));
  return def;
}

function checkStream(input: StreamInput): void {
  const problems: FieldProblem[] = [];
  if (!NAME_PATTERN.test(input.name))
    problems.push({
      field: '/name',
      rule: 'pattern',
      message: 'must be 1-32 lowercase letters, digits, dashes or underscores, starting with a letter',
    });
  if (!NAME_PATTERN.test(input.accessRole))
    problems.push({
      field: '/accessRole',
      rule: 'pattern',
      message: 'must name an office: 1-32 lowercase letters, digits, dashes or underscores',
    });
  if (input.label !== undefined && input.label.trim() === '')
    problems.push({ field: '/label', rule: 'not-blank', message: 'must not be blank' });
  assertNoProblems(problems);
}

export function createStreamService(deps: ServiceDeps) {
  const { db } = deps;

  async function listStreams(actor: Actor): Promise<StreamView[]> {
    authorise(actor, 'streams:read');
    const names = await db.selectFrom('status_streams').select('name').orderBy('name').execute();
    return Promise.all(names.map((n) => loadStream(db, n.name)));
  }

  async function getStream(actor: Actor, name: string): Promise<StreamView> {
    authorise(actor, 'streams:read');
    return loadStream(db, name);
  }

  async function createStream(actor: Actor, input: StreamInput & { fields?: FieldInput[] }): Promise<StreamView> {
    authorise(actor, 'streams:configure');
    checkStream(input);
    const fields = (input.fields ?? []).map((f, i) => fieldDefinition(f, `/fields/${i}`));
    const names = new Set<string>();
    fields.forEach((f, i) => {
      if (names.has(f.name)) throw invalid(`/fields/${i}/name`, 'unique', `field ${f.name} is listed twice`);
      names.add(f.name);
    });
    await write(deps, actor, async (uow) => {
      const taken = await uow.db
        .selectFrom('status_streams')
        .select('name')
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (taken)
        throw conflict(`stream ${input.name} already exists`, {
          field: '/name',
          rule: 'unique',
          message: 'already exists',
        });
      const stream = {
        name: input.name,
        label: (input.label ?? input.name).trim(),
        access_role: input.accessRole,
        description: (input.description ?? '').trim(),
      };
      await uow.db
        .insertInto('status_streams')
        .values({ ...stream, created_at: uow.now, updated_at: uow.now })
        .execute();
      uow.record({
        action: 'stream.create',
        op: 'created',
        targetType: 'stream',
        targetId: input.name,
        after: {
          name: stream.name,
          label: stream.label,
          accessRole: stream.access_role,
          description: stream.description,
        },
      });
      for (const f of fields) await insertField(uow, input.name, f);
    });
    return loadStream(db, input.name);
  }

  async function insertField(uow: UnitOfWork, stream: string, f: StreamFieldDefinition): Promise<void> {
    await uow.db
      .insertInto('stream_fields')
      .values({
        stream,
        name: f.name,
        label: f.label,
        type: f.type,
        options: JSON.stringify(f.options),
        length: f.length,
        default_value: f.default === null ? null : storedValue(f.default),
        display_rank: f.displayRank,
        created_at: uow.now,
        updated_at: uow.now,
      })
      .execute();
    uow.record({
      action: 'stream.field.create',
      op: 'created',
      targetType: 'stream_field',
      targetId: `${stream}/${f.name}`,
      after: { stream, ...f },
    });
  }

  async function updateStream(
    actor: Actor,
    name: string,
    expectedVersion: number,
    input: Omit<StreamInput, 'name'>,
  ): Promise<StreamView> {
    authorise(actor, 'streams:configure');
    checkStream({ ...input, name });
    await write(deps, actor, async (uow) => {
      const current = await bumpStream(uow, name, expectedVersion);
      const after = {
        label: (input.label ?? current.label).trim(),
        accessRole: input.accessRole,
        description: (input.description ?? current.description).trim(),
      };
      await uow.db
        .updateTable('status_streams')
        .set({ label: after.label, access_role: after.accessRole, description: after.description })
        .where('name', '=', name)
        .execute();
      uow.record({
        action: 'stream.update',
        op: 'updated',
        targetType: 'stream',
        targetId: name,
        before: { label: current.label, accessRole: current.accessRole, description: current.description },
        after,
      });
    });
    return loadStream(db, name);
  }

  async function deleteStream(actor: Actor, name: string): Promise<void> {
    authorise(actor, 'streams:configure');
    await write(deps, actor, async (uow) => {
      const current = await bumpStream(uow, name, null);
      const values = await loadSetValues(uow.db, current);
      await uow.db.deleteFrom('status_streams').where('name', '=', name).execute();
      uow.record({
        action: 'stream.delete',
        op: 'deleted',
        targetType: 'stream',
        targetId: name,
        before: { ...current, values: Object.fromEntries(values) },
      });
    });
  }

  async function addField(
    actor: Actor,
    stream: string,
    expectedVersion: number,
    input: FieldInput,
  ): Promise<StreamView> {
    authorise(actor, 'streams:configure');
    const def = fieldDefinition(input);
    await write(deps, actor, async (uow) => {
      const current = await bumpStream(uow, stream, expectedVersion);
      if (current.fields.some((f) => f.name === def.name))
        throw conflict(`stream ${stream} already has a field ${def.name}`, {
          field: '/name',
          rule: 'unique',
          message: 'already exists in this stream',
        });
      await insertField(uow, stream, def);
    });
    return loadStream(db, stream);
  }

  /** Replaces a field; refused (400 naming the rule) while values set for it would not fit. */
  async function updateField(
    actor: Actor,
    stream: string,
    field: string,
    expectedVersion: number,
    input: Omit<FieldInput, 'name'>,
  ): Promise<StreamView> {
    authorise(actor, 'streams:configure');
    const def = fieldDefinition({ ...input, name: field });
    await write(deps, actor, async (uow) => {
      const current = await bumpStream(uow, stream, expectedVersion);
      const before = current.fields.find((f) => f.name === field);
      if (!before) throw notFound('stream field', `${stream}/${field}`);
      const values = await loadSetValues(uow.db, current);
      for (const [typeId, v] of values) {
        if (v[field] === undefined) continue;
        const p = valueProblem(def, v[field]);
        if (p)
          throw invalid(
            '/type',
            'values-fit',
            `status type ${typeId} has ${JSON.stringify(v[field])}, which would not fit (${p.message}); change or clear it first`,
          );
      }
      await uow.db
        .updateTable('stream_fields')
        .set({
          label: def.label,
          type: def.type,
          options: JSON.stringify(def.options),
          length: def.length,
          default_value: def.default === null ? null : storedValue(def.default),
          display_rank: def.displayRank,
          updated_at: uow.now,
          version: sql`version + 1`,
        })
        .where('stream', '=', stream)
        .where('name', '=', field)
        .execute();
      const { version: _v, ...was } = before;
      uow.record({
        action: 'stream.field.update',
        op: 'updated',
        targetType: 'stream_field',
        targetId: `${stream}/${field}`,
        before: was,
        after: def,
      });
    });
    return loadStream(db, stream);
  }

  async function deleteField(
    actor: Actor,
    stream: string,
    field: string,
    expectedVersion: number,
  ): Promise<StreamView> {
    authorise(actor, 'streams:configure');
    await write(deps, actor, async (uow) => {
      const current = await bumpStream(uow, stream, expectedVersion);
      const before = current.fields.find((f) => f.name === field);
      if (!before) throw notFound('stream field', `${stream}/${field}`);
      await uow.db.deleteFrom('stream_fields').where('stream', '=', stream).where('name', '=', field).execute();
      uow.record({
        action: 'stream.field.delete',
        op: 'deleted',
        targetType: 'stream_field',
        targetId: `${stream}/${field}`,
        before,
      });
    });
    return loadStream(db, stream);
  }

  return {
    listStreams,
    getStream,
    createStream,
    updateStream,
    deleteStream,
    addField,
    updateField,
    deleteField,
    ...createStreamValueService(deps),
    ...createStreamHolderService(deps),
  };
}

export type StreamService = ReturnType<typeof createStreamService>;
