import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, type FieldProblem, invalid, notFound, StewardError } from '../platform/errors.ts';
import { type UnitOfWork, write } from '../platform/unit-of-work.ts';
import { displayName } from '../registry/names.ts';
import {
  fieldDefinitionProblems,
  type FieldType,
  type FieldValue,
  NAME_PATTERN,
  type StreamFieldDefinition,
  storedValue,
  valueFromText,
  valueProblem,
} from './stream-fields.ts';
import { loadSetValues, loadStream, type StreamView } from './stream-store.ts';
import { isoDate } from '../platform/dates.ts';

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

export interface ValuesRow {
  statusTypeId: number;
  statusType: string;
  rank: number;
  /** Every field's value: the one set, else the default (null when neither). */
  values: Record<string, FieldValue | null>;
  /** The fields that have a value set (the others show their default). */
  set: string[];
}

export interface StreamValuesView {
  stream: string;
  label: string;
  accessRole: string;
  version: number;
  fields: StreamView['fields'];
  rows: ValuesRow[];
}

export interface HeldBecause {
  statusTypeId: number;
  statusType: string;
  start: string | null;
  end: string | null;
}

const stale = (name: string, version: number, expected: number) =>
  new StewardError(
    'precondition-failed',
    `stream ${name} is at version ${version}, not ${expected}: someone changed it since you read it`,
  );

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
  const { db, clock } = deps;

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
        throw new StewardError('conflict', `stream ${input.name} already exists`, {
          problems: [{ field: '/name', rule: 'unique', message: 'already exists' }],
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

  /** Locks the stream, checks the version read, and bumps it. */
  async function bump(uow: UnitOfWork, name: string, expectedVersion: number | null): Promise<StreamView> {
    const current = await loadStream(uow.db, name, { forUpdate: true });
    if (expectedVersion !== null && current.version !== expectedVersion)
      throw stale(name, current.version, expectedVersion);
    await uow.db
      .updateTable('status_streams')
      .set({ updated_at: uow.now, version: sql`version + 1` })
      .where('name', '=', name)
      .execute();
    return current;
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
      const current = await bump(uow, name, expectedVersion);
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
      const current = await bump(uow, name, null);
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
      const current = await bump(uow, stream, expectedVersion);
      if (current.fields.some((f) => f.name === def.name))
        throw new StewardError('conflict', `stream ${stream} already has a field ${def.name}`, {
          problems: [{ field: '/name', rule: 'unique', message: 'already exists in this stream' }],
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
      const current = await bump(uow, stream, expectedVersion);
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
      const current = await bump(uow, stream, expectedVersion);
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

  /** The generated form's data: every status type (highest rank first) with each field's value or default. */
  async function getValues(actor: Actor, name: string): Promise<StreamValuesView> {
    authorise(actor, 'streams:read');
    const stream = await loadStream(db, name);
    const set = await loadSetValues(db, stream);
    const types = await db
      .selectFrom('status_types')
      .select(['id', 'name', 'rank'])
      .orderBy('rank', 'desc')
      .orderBy('id')
      .execute();
    return {
      stream: stream.name,
      label: stream.label,
      accessRole: stream.accessRole,
      version: stream.version,
      fields: stream.fields,
      rows: types.map((t) => {
        const own = set.get(t.id) ?? {};
        return {
          statusTypeId: t.id,
          statusType: t.name,
          rank: t.rank,
          values: Object.fromEntries(stream.fields.map((f) => [f.name, own[f.name] ?? f.default])),
          set: stream.fields.filter((f) => own[f.name] !== undefined).map((f) => f.name),
        };
      }),
    };
  }

  /**
   * Sets values per status type (`{ "<statusTypeId>": { field: value } }`; null clears a
   * value back to the default), for the office that manages the stream. Every value is
   * checked before anything is written; each changed status type is audited.
   */
  async function setValues(
    actor: Actor,
    name: string,
    expectedVersion: number,
    values: Record<string, Record<string, FieldValue | null>>,
  ): Promise<StreamValuesView> {
    authorise(actor, 'streams:read');
    const head = await loadStream(db, name);
    authorise(actor, 'streams:manage', { office: head.accessRole });
    await write(deps, actor, async (uow) => {
      const stream = await bump(uow, name, expectedVersion);
      authorise(actor, 'streams:manage', { office: stream.accessRole });
      const fieldOf = new Map(stream.fields.map((f) => [f.name, f]));
      const ids = Object.keys(values)
        .filter((k) => /^\d+$/.test(k))
        .map(Number);
      const known = new Set(
        ids.length
          ? (await uow.db.selectFrom('status_types').select('id').where('id', 'in', ids).execute()).map((r) => r.id)
          : [],
      );
      const problems: FieldProblem[] = [];
      for (const [key, fields] of Object.entries(values)) {
        if (!/^\d+$/.test(key) || !known.has(Number(key))) {
          problems.push({ field: `/values/${key}`, rule: 'exists', message: `there is no status type ${key}` });
          continue;
        }
        for (const [fieldName, value] of Object.entries(fields)) {
          const field = fieldOf.get(fieldName);
          if (!field)
            problems.push({
              field: `/values/${key}/${fieldName}`,
              rule: 'unknown-field',
              message: `stream ${name} has no field ${fieldName}`,
            });
          else if (value !== null) {
            const p = valueProblem(field, value);
            if (p) problems.push({ field: `/values/${key}/${fieldName}`, ...p });
          }
        }
      }
      assertNoProblems(problems);
      const current = await loadSetValues(uow.db, stream);
      for (const [key, fields] of Object.entries(values)) {
        const typeId = Number(key);
        const before = current.get(typeId) ?? {};
        const after: Record<string, FieldValue> = { ...before };
        for (const [fieldName, value] of Object.entries(fields)) {
          if (value === null) delete after[fieldName];
          else after[fieldName] = value;
        }
        const changed = Object.keys({ ...before, ...after }).filter((f) => before[f] !== after[f]);
        if (changed.length === 0) continue;
        for (const f of changed) {
          if (after[f] === undefined) {
            await uow.db
              .deleteFrom('stream_values')
              .where('status_type_id', '=', typeId)
              .where('stream', '=', name)
              .where('field', '=', f)
              .execute();
          } else {
            await uow.db
              .insertInto('stream_values')
              .values({
                status_type_id: typeId,
                stream: name,
                field: f,
                value: storedValue(after[f]),
                updated_at: uow.now,
              })
              .onConflict((oc) =>
                oc
                  .columns(['status_type_id', 'stream', 'field'])
                  .doUpdateSet({ value: storedValue(after[f]), updated_at: uow.now }),
              )
              .execute();
          }
        }
        uow.record({
          action: 'stream.values.set',
          op: 'updated',
          targetType: 'stream_values',
          targetId: `${name}/${typeId}`,
          before: { stream: name, statusTypeId: typeId, values: before },
          after: { stream: name, statusTypeId: typeId, values: after },
        });
      }
    });
    return getValues(actor, name);
  }

  /** The field and its value in canonical text, from a query (`field=patron_type&value=faculty`). */
  async function selection(name: string, fieldName: string, text: string) {
    const stream = await loadStream(db, name);
    const field = stream.fields.find((f) => f.name === fieldName);
    if (!field) throw invalid('/field', 'exists', `stream ${name} has no field ${fieldName}`);
    const value = valueFromText(field.type, text);
    const p = valueProblem(field, value);
    if (p) throw invalid('/value', p.rule, p.message);
    return {
      stream,
      field,
      value: value as FieldValue,
      stored: storedValue(value as FieldValue),
      fallback: field.default === null ? null : storedValue(field.default),
    };
  }

  /** Status types whose value of the field is the one asked for (set, or the default when unset). */
  const typesWith = (stream: string, field: string, stored: string, fallback: string | null) => sql`
    select st.id from status_types st
    left join stream_values v on v.status_type_id = st.id and v.stream = ${stream} and v.field = ${field}
    where coalesce(v.value, ${fallback}::text) = ${stored}`;
  const covering = (on: string) =>
    sql`(s.start_date is null or s.start_date <= ${on}) and (s.end_date is null or s.end_date >= ${on})`;

  /**
   * Everyone who holds, on a day (default today), a status whose value of the field is the value; by family name,
   * paged.
   */
  async function who(
    actor: Actor,
    name: string,
    query: { field: string; value: string; on?: string; limit?: number; offset?: number },
  ) {
    authorise(actor, 'streams:read');
    const sel = await selection(name, query.field, query.value);
    const on = query.on ?? isoDate(clock.now());
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const held = sql`s.status_type_id in (${typesWith(name, sel.field.name, sel.stored, sel.fallback)}) and ${covering(on)}`;
    const {
      rows: [count],
    } = await sql<{
      n: number;
    }>`select count(distinct s.person_id)::int as n from person_statuses s where ${held}`.execute(db);
    const { rows } = await sql<{
      id: number;
      given_name: string;
      family_name: string;
      preferred_name: string | null;
      because: HeldBecause[];
    }>`
      select p.id, p.given_name, p.family_name, p.preferred_name,
             jsonb_agg(jsonb_build_object('statusTypeId', s.status_type_id, 'statusType', st.name, 'start', s.start_date, 'end', s.end_date) order by st.rank desc, st.id) as because
      from person_statuses s
      join people p on p.id = s.person_id
      join status_types st on st.id = s.status_type_id
      where ${held}
      group by p.id, p.given_name, p.family_name, p.preferred_name
      order by p.family_name, p.given_name, p.id
      limit ${limit} offset ${offset}`.execute(db);
    return {
      stream: name,
      field: sel.field.name,
      value: sel.value,
      on,
      total: Number(count.n),
      items: rows.map((r) => ({
        personId: Number(r.id),
        displayName: displayName({
          givenName: r.given_name,
          familyName: r.family_name,
          preferredName: r.preferred_name,
        }),
        because: r.because.map((b) => ({ ...b, statusTypeId: Number(b.statusTypeId) })),
      })),
    };
  }

  /** Whether a person holds, on a day (default today), a status whose value of the field is the value, and which. */
  async function has(
    actor: Actor,
    personId: number,
    name: string,
    query: { field: string; value: string; on?: string },
  ) {
    authorise(actor, 'streams:read');
    const person = await db.selectFrom('people').select('id').where('id', '=', personId).executeTakeFirst();
    if (!person) throw notFound('person', personId);
    const sel = await selection(name, query.field, query.value);
    const on = query.on ?? isoDate(clock.now());
    const { rows } = await sql<{
      status_type_id: number;
      name: string;
      start_date: string | null;
      end_date: string | null;
    }>`
      select s.status_type_id, st.name, s.start_date, s.end_date
      from person_statuses s join status_types st on st.id = s.status_type_id
      where s.person_id = ${personId} and s.status_type_id in (${typesWith(name, sel.field.name, sel.stored, sel.fallback)}) and ${covering(on)}
      order by st.rank desc, st.id`.execute(db);
    const because: HeldBecause[] = rows.map((r) => ({
      statusTypeId: Number(r.status_type_id),
      statusType: r.name,
      start: r.start_date,
      end: r.end_date,
    }));
    return { personId, stream: name, field: sel.field.name, value: sel.value, on, has: because.length > 0, because };
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
    getValues,
    setValues,
    who,
    has,
  };
}

export type StreamService = ReturnType<typeof createStreamService>;
