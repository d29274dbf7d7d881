import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, type FieldProblem } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { type FieldValue, storedValue, valueProblem } from './stream-fields.ts';
import { bumpStream, loadSetValues, loadStream, type StreamView } from './stream-store.ts';
import { idOf } from '../platform/refs.ts';

/**
 * A stream's values per status type: the generated form's data, and the office's changes to
 * it. A status type without a value for a field has the field's default.
 */
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

export function createStreamValueService(deps: ServiceDeps) {
  const { db } = deps;

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
      const stream = await bumpStream(uow, name, expectedVersion);
      authorise(actor, 'streams:manage', { office: stream.accessRole });
      const fieldOf = new Map(stream.fields.map((f) => [f.name, f]));
      const ids = Object.keys(values).flatMap((k) => idOf(k) ?? []);
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

  return { getValues, setValues };
}
