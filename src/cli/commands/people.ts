import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { ApiError } from '../api-client.ts';
import { client, collect, wantsJson } from '../context.ts';
import { printJson, printTable } from '../output.ts';
import { registerImportPeople } from './import-people.ts';
import { registerPersonChanges } from './people-changes.ts';
import { cliIo, writeErr, writeOut } from '../io.ts';

/** `steward people …`: search, show, create (duplicates first), update, merge, history. */
interface Summary {
  id: number;
  displayName: string;
  birthDate: string | null;
  state: string;
  identifiers: { kind: string; scope: string; value: string }[];
}
interface Candidate {
  person: Summary;
  score: number;
  reasons: string[];
}

const ids = (p: Summary) => p.identifiers.map((i) => `${i.kind}${i.scope ? `@${i.scope}` : ''}=${i.value}`).join(' ');

/** A person as readable lines: names, contacts, identifiers and affiliations. */
export function printPerson(p: Record<string, unknown> & { affiliations?: Record<string, unknown>[] }): void {
  const lines = [
    `${p.displayName} (person ${p.id}, version ${p.version}${p.state === 'merged' ? `, MERGED into ${p.mergedInto}` : ''})`,
  ];
  for (const [label, key] of [
    ['given', 'givenName'],
    ['middle', 'middleName'],
    ['family', 'familyName'],
    ['preferred', 'preferredName'],
    ['born', 'birthDate'],
  ] as const)
    if (p[key]) lines.push(`  ${label.padEnd(10)} ${p[key]}`);
  for (const e of (p.emails as { address: string; label?: string }[]) ?? [])
    lines.push(`  ${'email'.padEnd(10)} ${e.address}${e.label ? ` (${e.label})` : ''}`);
  for (const ph of (p.phones as { number: string; label?: string }[]) ?? [])
    lines.push(`  ${'phone'.padEnd(10)} ${ph.number}${ph.label ? ` (${ph.label})` : ''}`);
  for (const i of (p.identifiers as Summary['identifiers']) ?? [])
    lines.push(`  ${i.kind.padEnd(10)} ${i.value}${i.scope ? ` (${i.scope})` : ''}`);
  for (const a of p.affiliations ?? [])
    lines.push(
      `  ${'member of'.padEnd(10)} ${a.orgCode} ${a.orgName}: ${a.kind}${a.title ? `, ${a.title}` : ''} ${a.validFrom ?? '…'}–${a.validTo ?? '…'}${a.current ? '' : ' (not current)'} [affiliation ${a.id}]`,
    );
  writeOut(`${lines.join('\n')}\n`);
}

function printCandidates(candidates: Candidate[]): void {
  printTable(
    candidates.map((c) => ({
      id: c.person.id,
      name: c.person.displayName,
      born: c.person.birthDate,
      score: c.score,
      why: c.reasons.join('; '),
      identifiers: ids(c.person),
    })),
  );
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: cliIo().stdin, output: cliIo().stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

interface PersonFlags {
  given?: string;
  middle?: string;
  family?: string;
  preferred?: string;
  birthDate?: string;
  email?: string[];
  phone?: string[];
  reason?: string;
}

/** The person fields given as flags; an empty string clears an optional one. */
function personBody(o: PersonFlags): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const opt = (v: string | undefined) => (v === '' ? null : v);
  if (o.given !== undefined) body.givenName = o.given;
  if (o.middle !== undefined) body.middleName = opt(o.middle);
  if (o.family !== undefined) body.familyName = o.family;
  if (o.preferred !== undefined) body.preferredName = opt(o.preferred);
  if (o.birthDate !== undefined) body.birthDate = opt(o.birthDate);
  if (o.email)
    body.emails = o.email.map((e) => {
      const [address, label] = e.split('/');
      return label ? { address, label } : { address };
    });
  if (o.phone)
    body.phones = o.phone.map((n) => {
      const [number, label] = n.split('/');
      return label ? { number, label } : { number };
    });
  if (o.reason !== undefined) body.reason = o.reason;
  return body;
}

function personOptions(cmd: Command): Command {
  return cmd
    .option('--given <name>', 'given name(s)')
    .option('--middle <name>', 'middle name(s) ("" clears)')
    .option('--family <name>', 'family name')
    .option('--preferred <name>', 'preferred name ("" clears)')
    .option('--birth-date <YYYY-MM-DD>', 'birth date ("" clears)')
    .option('--email <address[/label]>', 'an email address, repeatable (replaces the list)', collect)
    .option('--phone <number[/label]>', 'a phone number, repeatable (replaces the list)', collect);
}

/** Registers `steward people …` and `steward import people`. */
export function registerPeople(program: Command): void {
  const people = program.command('people').description('the person registry');

  people
    .command('search <query...>')
    .description('find people by name (typos allowed), identifier or email address')
    .option('--limit <n>', 'how many', '20')
    .action(async (words: string[], opts: { limit: string }, cmd: Command) => {
      const hits = await client(cmd).get<{ person: Summary; score: number; match: string; matched: string }[]>(
        '/people',
        { q: words.join(' '), limit: Number(opts.limit) },
      );
      if (wantsJson(cmd)) return printJson(hits);
      printTable(
        hits.map((h) => ({
          id: h.person.id,
          name: h.person.displayName,
          born: h.person.birthDate,
          match: `${h.match} ${h.matched}`,
          score: h.score,
          identifiers: ids(h.person),
        })),
      );
    });

  people
    .command('show <idOrIdentifier>')
    .description('one person, by id or by any identifier value (ID number, username, email, source key)')
    .action(async (ref: string, _opts, cmd: Command) => {
      const api = client(cmd);
      let id = /^\d+$/.test(ref) ? Number(ref) : null;
      if (id === null) {
        const matches = await api.get<{ personId: number; kind: string; value: string }[]>('/identifiers', {
          value: ref,
        });
        const personIds = [...new Set(matches.map((m) => m.personId))];
        if (personIds.length === 0)
          throw new Error(`no identifier has the value ${ref}; try: steward people search ${ref}`);
        if (personIds.length > 1)
          throw new Error(`${ref} identifies several people (${personIds.join(', ')}); give a person id`);
        id = personIds[0];
      }
      const person = await api.get<Record<string, unknown>>(`/people/${id}`);
      if (wantsJson(cmd)) printJson(person);
      else printPerson(person);
    });

  personOptions(people.command('create').description('create a person; likely duplicates are shown first'))
    .option(
      '--id <kind[@scope]=value>',
      'an identifier, repeatable (e.g. id-number=S1234567, source-key@hr=E42)',
      collect,
    )
    .option('--org <id>', 'first affiliation: org unit id (organisation administrators must give one)')
    .option('--kind <kind>', 'first affiliation: kind', 'staff')
    .option('--title <title>', 'first affiliation: title')
    .option('--force', 'create even if likely duplicates exist (needs --reason)')
    .option('--reason <text>', 'why (recorded in the audit trail)')
    .action(
      async (
        opts: PersonFlags & { id?: string[]; org?: string; kind: string; title?: string; force?: boolean },
        cmd: Command,
      ) => {
        const body = personBody(opts);
        if (!opts.family) throw new Error('--family is required');
        body.givenName ??= '';
        if (opts.id)
          body.identifiers = opts.id.map((spec) => {
            const m = /^([a-z][a-z0-9-]*)(?:@([^=]+))?=(.+)$/.exec(spec);
            if (!m) throw new Error(`--id ${spec}: write kind=value or kind@scope=value`);
            return { kind: m[1], ...(m[2] ? { scope: m[2] } : {}), value: m[3] };
          });
        if (opts.org)
          body.affiliation = { orgId: Number(opts.org), kind: opts.kind, ...(opts.title ? { title: opts.title } : {}) };
        if (opts.force) body.force = true;
        const api = client(cmd);
        let created: Record<string, unknown>;
        try {
          created = await api.post('/people', body);
        } catch (e) {
          if (!(e instanceof ApiError) || e.problem.code !== 'duplicate-suspected') throw e;
          writeErr('Likely duplicates of this person exist:\n');
          printCandidates(e.problem.candidates as Candidate[]);
          if (!cliIo().stdin.isTTY)
            throw new Error('not created; check the people above, or pass --force --reason "<why>"', { cause: e });
          const answer = await ask('Create a new person anyway? Type a reason to go ahead, or press Enter to stop: ');
          if (!answer) throw new Error('not created', { cause: e });
          created = await api.post('/people', { ...body, force: true, reason: answer });
        }
        if (wantsJson(cmd)) printJson(created);
        else printPerson(created);
      },
    );

  personOptions(people.command('duplicates').description('likely duplicates of a prospective person')).action(
    async (opts: PersonFlags, cmd: Command) => {
      const candidates = await client(cmd).post<Candidate[]>('/people/duplicates', {
        givenName: '',
        ...personBody(opts),
      });
      if (wantsJson(cmd)) printJson(candidates);
      else printCandidates(candidates);
    },
  );

  personOptions(people.command('update <id>').description("correct a person's facts (safe against concurrent edits)"))
    .option('--reason <text>', 'why (recorded in the audit trail)')
    .action(async (id: string, opts: PersonFlags, cmd: Command) => {
      const body = personBody(opts);
      if (Object.keys(body).filter((k) => k !== 'reason').length === 0)
        throw new Error(
          'nothing to change: give at least one of --given, --family, --middle, --preferred, --birth-date, --email, --phone',
        );
      const person = await client(cmd).patch<Record<string, unknown>>(`/people/${id}`, body);
      if (wantsJson(cmd)) printJson(person);
      else printPerson(person);
    });

  people
    .command('merge <survivor> <loser>')
    .description('merge the loser record into the survivor; the loser becomes a tombstone')
    .requiredOption('--reason <text>', 'why these are the same human')
    .action(async (survivor: string, loser: string, opts: { reason: string }, cmd: Command) => {
      const api = client(cmd);
      const etag = (await api.request(`/people/${survivor}`)).headers.get('etag') ?? '';
      const { data } = await api.request<Record<string, unknown>>(`/people/${survivor}/merge`, {
        method: 'POST',
        body: { loserId: Number(loser), reason: opts.reason },
        headers: { 'if-match': etag },
      });
      if (wantsJson(cmd)) printJson(data);
      else printPerson(data);
    });

  people
    .command('history <id>')
    .description('what happened to this person (and to records merged into them), newest first')
    .option('--limit <n>', 'how many', '50')
    .action(async (id: string, opts: { limit: string }, cmd: Command) => {
      const rows = await client(cmd).get<Record<string, unknown>[]>(`/people/${id}/history`, {
        limit: Number(opts.limit),
      });
      if (wantsJson(cmd)) printJson(rows);
      else printTable(rows, ['seq', 'at', 'actor', 'action', 'targetId', 'reason']);
    });

  registerPersonChanges(people);
  registerImportPeople(program);
}
