import type { FieldValue, StreamField, StreamValues } from '../api/stream-types.ts';

/**
 * The generated form's cells as text: "" means "no value set, the default applies". Pure,
 * so the page only renders: drafts are read from the values the server sent, and the
 * changed cells are turned back into the values a PUT sends (null resets to the default).
 */
export type Drafts = Record<string, Record<string, string>>;

export function draftsOf(values: Pick<StreamValues, 'fields' | 'rows'>): Drafts {
  return Object.fromEntries(
    values.rows.map((r) => [
      String(r.statusTypeId),
      Object.fromEntries(
        values.fields.map((f) => [
          f.name,
          r.set.includes(f.name) && r.values[f.name] !== null ? String(r.values[f.name]) : '',
        ]),
      ),
    ]),
  );
}

/** The value a cell's text stands for; text that is not a number is sent as it is, for the server to refuse by name. */
export function valueOfDraft(field: Pick<StreamField, 'type'>, text: string): FieldValue | null {
  if (text === '') return null;
  if (field.type === 'number') return Number.isNaN(Number(text)) ? text : Number(text);
  if (field.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

/** Only the cells that changed: status type id → field → value. */
export function changedValues(
  fields: readonly StreamField[],
  before: Drafts,
  after: Drafts,
): Record<string, Record<string, FieldValue | null>> {
  const out: Record<string, Record<string, FieldValue | null>> = {};
  for (const [id, cells] of Object.entries(after)) {
    for (const f of fields) {
      if ((cells[f.name] ?? '') === (before[id]?.[f.name] ?? '')) continue;
      (out[id] ??= {})[f.name] = valueOfDraft(f, cells[f.name] ?? '');
    }
  }
  return out;
}
