import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { systemActor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, notFound, stale } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { defaultTemplate, defaultTemplates } from './events.ts';
import { renderMail, type TemplateText, templateProblems, variablesOf } from './render.ts';

/**
 * Mail templates are data: one row per event, created from the defaults in code the first
 * time they are read, changed by system administrators with If-Match (audited). A template
 * that does not render is refused with the field that fails.
 */
export interface TemplateView extends TemplateText {
  event: string;
  description: string;
  digestable: boolean;
  variables: string[];
  /** The template rendered with its sample context. */
  preview: TemplateText;
  version: number;
  updatedAt: string;
}

type Row = {
  event: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  updated_at: Date;
  version: number;
};

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
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export function createTemplateService(deps: ServiceDeps) {
  const { db } = deps;

  /** Inserts the default of every event that has no row yet (audited as Steward's act). */
  async function ensureDefaults(): Promise<void> {
    const known = new Set((await db.selectFrom('mail_templates').select('event').execute()).map((r) => r.event));
    const missing = defaultTemplates.filter((t) => !known.has(t.event));
    if (missing.length === 0) return;
    await write(deps, systemActor('steward'), async (uow) => {
      for (const t of missing) {
        const inserted = await uow.db
          .insertInto('mail_templates')
          .values({
            event: t.event,
            subject: t.subject,
            text_body: t.text,
            html_body: t.html,
            created_at: uow.now,
            updated_at: uow.now,
          })
          .onConflict((oc) => oc.doNothing())
          .returning('event')
          .executeTakeFirst();
        if (inserted)
          uow.record({
            action: 'mail.template.create',
            op: 'created',
            targetType: 'mail-template',
            targetId: t.event,
            after: { subject: t.subject, text: t.text, html: t.html },
          });
      }
    });
  }

  async function list(actor: Actor): Promise<TemplateView[]> {
    authorise(actor, 'mail:read');
    await ensureDefaults();
    return (await db.selectFrom('mail_templates').selectAll().orderBy('event').execute()).map(view);
  }

  async function get(actor: Actor, event: string): Promise<TemplateView> {
    authorise(actor, 'mail:read');
    await ensureDefaults();
    const row = await db.selectFrom('mail_templates').selectAll().where('event', '=', event).executeTakeFirst();
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
      const row = await uow.db
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

  return { list, get, update, ensureDefaults };
}
