import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, notFound, stale } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { defaultTemplate, defaultTemplates } from './events.ts';
import { renderMail, type TemplateText, templateProblems, variablesOf } from './render.ts';

/**
 * Mail templates are data: an event without a row uses its default in code, shown at version 0
 * (reading never writes); the first change (If-Match "0") stores the row, later ones update it,
 * each by a system administrator and audited. A template that does not render is refused with
 * the field that fails.
 */
export interface TemplateView extends TemplateText {
  event: string;
  description: string;
  digestable: boolean;
  variables: string[];
  /** The template rendered with its sample context. */
  preview: TemplateText;
  version: number;
  /** When it was last changed; null while it is the default. */
  updatedAt: string | null;
}

type Row = {
  event: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  updated_at: Date | null;
  version: number;
};

/** The row an event without a stored template stands for: its default, at version 0. */
function defaultRow(event: string): Row | null {
  const def = defaultTemplate(event);
  if (!def) return null;
  return { event, subject: def.subject, text_body: def.text, html_body: def.html, updated_at: null, version: 0 };
}

function view(row: Row): TemplateView {
  const def = defaultTemplate(row.event);
  const text = { subject: row.subject, text: row.text_body, html: row.html_body };
  const sample = def?.sample ?? {};
  let preview: TemplateText;
  try {
    preview = renderMail(text, sample);
  } catch {
    preview = { subject: '', text: '', html: null };
  }
  return {
    event: row.event,
    description: def?.description ?? '',
    digestable: def?.digestable ?? false,
    ...text,
    variables: [
      ...new Set(
        [row.subject, row.text_body, row.html_body ?? ''].flatMap((s) => {
          try {
            return variablesOf(s);
          } catch {
            return [];
          }
        }),
      ),
    ].sort(),
    preview,
    version: row.version,
    updatedAt: row.updated_at === null ? null : new Date(row.updated_at).toISOString(),
  };
}

export function createTemplateService(deps: ServiceDeps) {
  const { db } = deps;

  async function list(actor: Actor): Promise<TemplateView[]> {
    authorise(actor, 'mail:read');
    const stored = new Map((await db.selectFrom('mail_templates').selectAll().execute()).map((r) => [r.event, r]));
    const events = [...new Set([...defaultTemplates.map((t) => t.event), ...stored.keys()])].sort();
    return events.map((event) => view(stored.get(event) ?? defaultRow(event)!));
  }

  async function get(actor: Actor, event: string): Promise<TemplateView> {
    authorise(actor, 'mail:read');
    const row =
      (await db.selectFrom('mail_templates').selectAll().where('event', '=', event).executeTakeFirst()) ??
      defaultRow(event);
    if (!row) throw notFound('mail template', event);
    return view(row);
  }

  /** Replaces an event's template (If-Match); mail already queued keeps its rendered text. */
  async function update(
    actor: Actor,
    event: string,
    expectedVersion: number,
    input: { subject: string; text: string; html?: string | null },
  ): Promise<TemplateView> {
    authorise(actor, 'mail:configure');
    const next = { subject: input.subject, text: input.text, html: input.html?.trim() ? input.html : null };
    assertNoProblems(templateProblems(next, defaultTemplate(event)?.sample ?? {}));
    const current = await get(actor, event);
    return write(deps, actor, async (uow) => {
      const row =
        expectedVersion === 0
          ? await uow.db
              .insertInto('mail_templates')
              .values({
                event,
                subject: next.subject,
                text_body: next.text,
                html_body: next.html,
                created_at: uow.now,
                updated_at: uow.now,
              })
              .onConflict((oc) => oc.doNothing())
              .returningAll()
              .executeTakeFirst()
          : await uow.db
              .updateTable('mail_templates')
              .set({
                subject: next.subject,
                text_body: next.text,
                html_body: next.html,
                updated_at: uow.now,
                version: sql`version + 1`,
              })
              .where('event', '=', event)
              .where('version', '=', expectedVersion)
              .returningAll()
              .executeTakeFirst();
      if (!row) throw stale(`the template of ${event}`, expectedVersion);
      uow.record({
        action: 'mail.template.update',
        op: 'updated',
        targetType: 'mail-template',
        targetId: event,
        before: { subject: current.subject, text: current.text, html: current.html },
        after: next,
      });
      return view(row);
    });
  }

  return { list, get, update };
}
