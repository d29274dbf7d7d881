import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { OutboxView } from '../../notify/outbox-service.ts';
import type { TemplateView } from '../../notify/template-service.ts';
import { client, wantsJson } from '../context.ts';
import { minuteUtc, out, printJson, printTable } from '../output.ts';

/** `steward mail …`: mail templates, the outbox, retrying a mail. */
function templateLines(t: TemplateView): string[] {
  return [
    `${t.event} (${t.version === 0 ? 'the default' : `version ${t.version}`})${t.digestable ? '  may wait for a daily digest' : ''}`,
    `  ${t.description}`,
    `  variables  ${t.variables.join(', ') || '-'}`,
    `subject: ${t.subject}`,
    '--- text ---',
    t.text.replace(/\n$/, ''),
    ...(t.html ? ['--- html ---', t.html.replace(/\n$/, '')] : []),
  ];
}

function mailLines(m: OutboxView): string[] {
  return [
    `mail ${m.id}: ${m.state}${m.digest ? ' (daily digest)' : ''}, ${m.event} to ${m.to}`,
    `  subject     ${m.subject}`,
    `  attempts    ${m.attempts}${m.state === 'failed' ? `, next at ${minuteUtc(m.nextAttemptAt)}` : ''}`,
    ...(m.messageId ? [`  message id  ${m.messageId}`] : []),
    ...(m.sentAt ? [`  sent        ${minuteUtc(m.sentAt)}`] : []),
    ...(m.lastError ? [`  last error  ${m.lastError}`] : []),
  ];
}

export function registerMail(program: Command): void {
  const mail = program.command('mail').description('mail: templates per event, the outbox, retrying a mail');
  const templates = mail.command('templates').description('the mail template of each event');

  templates
    .command('list')
    .description('every event with its subject')
    .action(async (_opts: unknown, cmd: Command) => {
      const all = await client(cmd).get<TemplateView[]>('/mail/templates');
      if (wantsJson(cmd)) return printJson(all);
      printTable(
        all.map((t) => ({
          event: t.event,
          version: t.version === 0 ? 'default' : t.version,
          digest: t.digestable ? 'may wait' : '',
          subject: t.subject,
        })),
      );
    });

  templates
    .command('show <event>')
    .description('one template in full, with the variables it uses')
    .action(async (event: string, _opts: unknown, cmd: Command) => {
      const t = await client(cmd).get<TemplateView>(`/mail/templates/${encodeURIComponent(event)}`);
      if (wantsJson(cmd)) printJson(t);
      else out(templateLines(t));
    });

  templates
    .command('set <event>')
    .description('change a template (mustache: {{name}}, {{request.visitor}}, {{#list}}…{{/list}})')
    .option('--subject <text>', 'the subject line')
    .option('--text-file <file>', 'the plain-text body')
    .option('--html-file <file>', 'an HTML body ("-" for none)')
    .action(async (event: string, opts: { subject?: string; textFile?: string; htmlFile?: string }, cmd: Command) => {
      if (!opts.subject && !opts.textFile && !opts.htmlFile)
        throw new Error('nothing to change: give --subject, --text-file or --html-file');
      const api = client(cmd);
      const path = `/mail/templates/${encodeURIComponent(event)}`;
      const current = await api.get<TemplateView>(path);
      const body = {
        subject: opts.subject ?? current.subject,
        text: opts.textFile ? readFileSync(opts.textFile, 'utf8') : current.text,
        html: opts.htmlFile === '-' ? null : opts.htmlFile ? readFileSync(opts.htmlFile, 'utf8') : current.html,
      };
      const t = await api.patch<TemplateView>(path, body, 'PUT');
      if (wantsJson(cmd)) printJson(t);
      else out(templateLines(t));
    });

  mail
    .command('outbox')
    .description('mail in the outbox, newest first')
    .option('--state <state>', 'queued, held, sending, sent, failed, dead, check or digested')
    .option('--to <address>', 'only mail to this address')
    .option('--limit <n>', 'how many', '50')
    .action(async (opts: { state?: string; to?: string; limit: string }, cmd: Command) => {
      const mails = await client(cmd).get<OutboxView[]>('/mail/outbox', {
        state: opts.state,
        recipient: opts.to,
        limit: opts.limit,
      });
      if (wantsJson(cmd)) return printJson(mails);
      printTable(
        mails.map((m) => ({
          id: m.id,
          state: m.state,
          event: m.event,
          to: m.to,
          attempts: m.attempts,
          subject: m.subject,
          error: m.lastError ?? '',
        })),
      );
    });

  mail
    .command('retry <id>')
    .description(
      'queue a dead mail, or one waiting for a check, again (a mail in check may have been delivered: look its Message-ID up first)',
    )
    .option('--reason <text>', 'why, for the audit trail')
    .action(async (id: string, opts: { reason?: string }, cmd: Command) => {
      const m = await client(cmd).post<OutboxView>(`/mail/outbox/${encodeURIComponent(id)}/retry`, {
        reason: opts.reason,
      });
      if (wantsJson(cmd)) printJson(m);
      else out(mailLines(m));
    });
}
