import { type Kysely, sql, type Transaction } from 'kysely';
import type { OutboxState } from '../platform/db/mail-tables.ts';
import type { DB } from '../platform/db/schema.ts';
import { invalid, StewardError } from '../platform/errors.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { defaultTemplate } from './events.ts';
import { renderMail, type TemplateText } from './render.ts';

/**
 * Queuing mail: the API the capabilities that write mail call, always INSIDE their own
 * unit of work, so a mail is queued if and only if the change it tells about commits.
 * The template is rendered now and the result kept in the row, so editing a template
 * later does not change mail already queued. A dedupe key that is already in the outbox
 * queues nothing (a sweep that runs again, or a retried request, sends nothing twice).
 * Mail to someone who chose the daily digest, of an event that may wait, is `held` for
 * the digest job instead of sent on its own.
 */
export interface Recipient {
  address: string;
  personId?: number | null;
  userId?: number | null;
}

export interface MailRequest {
  /** The template's event key, e.g. "approval-needed". */
  event: string;
  to: string | Recipient;
  /** The values the template refers to. */
  context: Record<string, unknown>;
  /** Unique per mail that should exist once, e.g. `approval-needed:request-42:person-7`. */
  dedupeKey: string;
  /** May this mail wait for the recipient's daily digest? Defaults to the event's own setting. */
  digestable?: boolean;
}

export interface QueuedMail {
  id: number;
  dedupeKey: string;
  state: OutboxState;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;
const CHUNK = 5_000;

/** Queues one mail in `uow`; null when its dedupe key was queued before. */
export async function enqueue(uow: UnitOfWork, mail: MailRequest): Promise<QueuedMail | null> {
  return (await enqueueMany(uow, [mail]))[0] ?? null;
}

/** Reads the current template of each event (the default in code when it has no row yet). */
export async function templatesFor(
  db: Kysely<DB> | Transaction<DB>,
  events: string[],
): Promise<Map<string, TemplateText>> {
  const rows = events.length
    ? await db
        .selectFrom('mail_templates')
        .select(['event', 'subject', 'text_body', 'html_body'])
        .where('event', 'in', events)
        .execute()
    : [];
  const found = new Map<string, TemplateText>(
    rows.map((r) => [r.event, { subject: r.subject, text: r.text_body, html: r.html_body }]),
  );
  for (const event of events) {
    if (found.has(event)) continue;
    const fallback = defaultTemplate(event);
    if (!fallback)
      throw new StewardError('validation', `there is no mail template for the event ${event}`, {
        problems: [{ field: '/event', rule: 'known', message: `unknown mail event ${event}` }],
      });
    found.set(event, fallback);
  }
  return found;
}

/** Queues many mails set-based (a sweep's worth); returns those queued, in request order. */
export async function enqueueMany(uow: UnitOfWork, mails: MailRequest[]): Promise<QueuedMail[]> {
  const seen = new Set<string>();
  const unique = mails.filter((m) => !seen.has(m.dedupeKey) && seen.add(m.dedupeKey));
  if (unique.length === 0) return [];
  const recipients = unique
    .map((m) => (typeof m.to === 'string' ? { address: m.to } : m.to))
    .map((r) => ({ ...r, address: r.address.trim() }));
  recipients.forEach((r, i) => {
    if (!ADDRESS.test(r.address))
      throw invalid(
        '/to',
        'format:email',
        `${JSON.stringify(r.address)} is not an email address (mail ${unique[i].dedupeKey})`,
      );
  });
  const templates = await templatesFor(uow.db, [...new Set(unique.map((m) => m.event))]);
  const digestable = unique.map((m) => m.digestable ?? defaultTemplate(m.event)?.digestable ?? false);
  const held = await digestRecipients(
    uow.db,
    recipients.filter((_, i) => digestable[i]),
  );
  const rows = unique.map((m, i) => {
    const rendered = renderMail(templates.get(m.event)!, m.context);
    const r = recipients[i];
    const digest = digestable[i] && held.has(r.address.toLowerCase());
    return {
      event: m.event,
      recipient: r.address,
      person_id: r.personId ?? null,
      user_id: r.userId ?? null,
      subject: rendered.subject,
      text_body: rendered.text,
      html_body: rendered.html,
      dedupe_key: m.dedupeKey,
      state: (digest ? 'held' : 'queued') as OutboxState,
      digest,
      next_attempt_at: uow.now,
      created_at: uow.now,
      updated_at: uow.now,
    };
  });
  const queued: QueuedMail[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const col = <K extends keyof (typeof part)[number]>(k: K) => part.map((r) => r[k]);
    // the rows travel as parallel arrays (one statement, a few parameters, whatever the chunk's size), in request order
    const { rows: inserted } = await sql<{ id: number; dedupe_key: string; state: OutboxState }>`
      insert into outbox (event, recipient, person_id, user_id, subject, text_body, html_body, dedupe_key, state, digest,
        next_attempt_at, created_at, updated_at)
      select t.event, t.recipient, t.person_id, t.user_id, t.subject, t.text_body, t.html_body, t.dedupe_key, t.state, t.digest,
        ${uow.now}::timestamptz, ${uow.now}::timestamptz, ${uow.now}::timestamptz
      from unnest(${col('event')}::text[], ${col('recipient')}::text[], ${col('person_id')}::bigint[], ${col('user_id')}::bigint[],
        ${col('subject')}::text[], ${col('text_body')}::text[], ${col('html_body')}::text[], ${col('dedupe_key')}::text[],
        ${col('state')}::text[], ${col('digest')}::boolean[]) with ordinality
        as t(event, recipient, person_id, user_id, subject, text_body, html_body, dedupe_key, state, digest, n)
      order by t.n
      on conflict (dedupe_key) do nothing
      returning id, dedupe_key, state`.execute(uow.db);
    const byKey = new Map(inserted.map((r) => [r.dedupe_key, r]));
    for (const row of part) {
      const got = byKey.get(row.dedupe_key);
      if (!got) continue;
      queued.push({ id: got.id, dedupeKey: got.dedupe_key, state: got.state });
      uow.record({
        action: 'mail.queue',
        op: got.state,
        targetType: 'mail',
        targetId: got.id,
        after: {
          event: row.event,
          to: row.recipient,
          subject: row.subject,
          dedupeKey: row.dedupe_key,
          state: got.state,
        },
      });
    }
  }
  return queued;
}

/**
 * The addresses (lower case) among `recipients` whose account chose the daily digest. An
 * account is theirs when it is the given user, belongs to the given person, or has the address.
 */
async function digestRecipients(db: Transaction<DB>, recipients: Recipient[]): Promise<Set<string>> {
  if (recipients.length === 0) return new Set();
  const { rows } = await sql<{ address: string }>`
    select distinct lower(t.address) as address
    from unnest(${recipients.map((r) => r.address)}::text[], ${recipients.map((r) => r.userId ?? null)}::bigint[], ${recipients.map((r) => r.personId ?? null)}::bigint[]) as t(address, user_id, person_id)
    join users u on u.id = t.user_id or u.person_id = t.person_id or lower(u.email) = lower(t.address)
    join mail_preferences p on p.user_id = u.id and p.daily_digest`.execute(db);
  return new Set(rows.map((r) => r.address));
}
