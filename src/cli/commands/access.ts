import type { Command } from 'commander';
import type { App, Assignment, Count, Decision, Resource, Role, WhatCan, WhoCan } from '../../access/access-schemas.ts';
import { implicationsOf, limitsOf } from '../../access/limit-texts.ts';
import { client, collect, wantsJson } from '../context.ts';
import { out, printJson, printTable } from '../output.ts';
import { resolveUnit } from './org-format.ts';

const app = (name: string) => `/access/applications/${encodeURIComponent(name)}`;

function decisionLines(d: Decision): string[] {
  return [d.decision.toUpperCase(), ...d.reasons.map((r) => `  ${r.step.padEnd(15)}${r.text}`)];
}

/** `steward access …`: applications, resources, roles and grants, assignments, counts, and the decision point. */
export function registerAccess(program: Command): void {
  const access = program.command('access').description('roles, permissions and the decision point');

  access
    .command('apps')
    .description('applications')
    .action(async (_o, cmd: Command) => {
      const apps = await client(cmd).get<App[]>('/access/applications');
      if (wantsJson(cmd)) return printJson(apps);
      printTable(
        apps.map((a) => ({
          name: a.name,
          label: a.label,
          zone: a.timeZone,
          implies: Object.entries(a.implications)
            .map(([k, v]) => `${k}→${v.join('+')}`)
            .join(' '),
        })),
      );
    });

  access
    .command('app-add <name>')
    .description('register an application')
    .option('--label <label>', 'its display name')
    .option('--time-zone <zone>', 'IANA zone its limits are read in')
    .option('--implies <rule>', 'action=implied,implied (repeatable)', collect)
    .action(async (name: string, opts: { label?: string; timeZone?: string; implies?: string[] }, cmd: Command) => {
      const implications = implicationsOf(opts.implies ?? []);
      const made = await client(cmd).post(`/access/applications`, {
        name,
        label: opts.label ?? name,
        timeZone: opts.timeZone,
        implications,
      });
      if (wantsJson(cmd)) printJson(made);
      else out([`application ${name} registered`]);
    });

  access
    .command('resources <app>')
    .description("an application's resource tree")
    .action(async (name: string, _o, cmd: Command) => {
      const rows = await client(cmd).get<Resource[]>(`${app(name)}/resources`);
      if (wantsJson(cmd)) return printJson(rows);
      printTable(rows.map((r) => ({ id: r.id, resource: r.name, parent: r.parent ?? '-' })));
    });

  access
    .command('resource-add <app> <name>')
    .description('add a resource')
    .option('--parent <name>', 'the resource it belongs under')
    .action(async (a: string, name: string, opts: { parent?: string }, cmd: Command) => {
      const made = await client(cmd).post(`${app(a)}/resources`, { name, parent: opts.parent ?? null });
      if (wantsJson(cmd)) printJson(made);
      else out([`resource ${name} added${opts.parent ? ` under ${opts.parent}` : ''}`]);
    });

  access
    .command('roles <app>')
    .description("an application's roles and their permissions")
    .action(async (a: string, _o, cmd: Command) => {
      const roles = await client(cmd).get<Role[]>(`${app(a)}/roles`);
      if (wantsJson(cmd)) return printJson(roles);
      out(
        roles.flatMap((r) => [
          `${r.id}  ${r.name}`,
          ...r.permissions.map(
            (p) => `      ${p.action} on ${p.resource}${p.limits.length ? ` (${p.limits.length} limits)` : ''}`,
          ),
        ]),
      );
    });

  access
    .command('role-add <app> <name>')
    .description('add a role')
    .action(async (a: string, name: string, _o, cmd: Command) => {
      const role = await client(cmd).post<Role>(`${app(a)}/roles`, { name });
      if (wantsJson(cmd)) printJson(role);
      else out([`role ${role.name} added (id ${role.id})`]);
    });

  access
    .command('grant <roleId> <action> <resource>')
    .description('give a role an action on a resource (and everything under it)')
    .option('--window <from-to>', 'time of day, e.g. 08:00-22:00')
    .option('--weekdays <days>', 'ISO weekdays, e.g. 1,2,3,4,5')
    .option('--dates <from..to>', 'date range, either end open')
    .action(
      async (
        roleId: string,
        action: string,
        resource: string,
        opts: { window?: string; weekdays?: string; dates?: string },
        cmd: Command,
      ) => {
        const role = await client(cmd).post<Role>(`/access/roles/${Number(roleId)}/permissions`, {
          action,
          resource,
          limits: limitsOf(opts).limits,
        });
        if (wantsJson(cmd)) printJson(role);
        else out([`role ${role.name} may now ${action} on ${resource}`]);
      },
    );

  access
    .command('assign <roleId>')
    .description('assign a role to people and groups in one or more scopes (all or nothing)')
    .option('--person <id>', 'a person (repeatable)', collect)
    .option('--group <id>', 'a group (repeatable)', collect)
    .option('--org <unit>', 'an org unit by code or id, covering its subtree (repeatable)', collect)
    .option('--everywhere', 'in every unit')
    .option('--affiliation [kind]', "in the units of the person's current affiliations (of a kind)")
    .option('--from <date-time>', 'enabled from')
    .option('--until <date-time>', 'enabled until')
    .option('--reason <text>', 'why')
    .action(
      async (
        roleId: string,
        opts: {
          person?: string[];
          group?: string[];
          org?: string[];
          everywhere?: boolean;
          affiliation?: string | boolean;
          from?: string;
          until?: string;
          reason?: string;
        },
        cmd: Command,
      ) => {
        const api = client(cmd);
        const subjects = [
          ...(opts.person ?? []).map((id) => ({ type: 'person', id: Number(id) })),
          ...(opts.group ?? []).map((id) => ({ type: 'group', id: Number(id) })),
        ];
        const scopes: unknown[] = [];
        for (const ref of opts.org ?? []) scopes.push({ kind: 'org', orgId: await resolveUnit(api, ref) });
        if (opts.everywhere) scopes.push({ kind: 'everywhere' });
        if (opts.affiliation)
          scopes.push({
            kind: 'affiliation',
            affiliationKind: typeof opts.affiliation === 'string' ? opts.affiliation : null,
          });
        const made = await api.post<Assignment[]>('/access/assignments', {
          roleId: Number(roleId),
          subjects,
          scopes,
          enabledFrom: opts.from ?? null,
          enabledUntil: opts.until ?? null,
          reason: opts.reason ?? null,
        });
        if (wantsJson(cmd)) printJson(made);
        else
          out([`${made.length} assignment${made.length === 1 ? '' : 's'} made: ${made.map((a) => a.id).join(', ')}`]);
      },
    );

  access
    .command('assignments')
    .description('role assignments (yours to see)')
    .option('--app <name>', 'of one application')
    .option('--person <id>', 'of one person')
    .action(async (opts: { app?: string; person?: string }, cmd: Command) => {
      const rows = await client(cmd).get<Assignment[]>('/access/assignments', {
        application: opts.app,
        ...(opts.person ? { subjectType: 'person', subjectId: opts.person } : {}),
      });
      if (wantsJson(cmd)) return printJson(rows);
      printTable(
        rows.map((a) => ({
          id: a.id,
          role: `${a.application}:${a.role}`,
          subject: `${a.subject.type} ${a.subject.id}`,
          scope: a.scope.kind === 'org' ? a.scope.orgCode : a.scope.kind,
          from: a.enabledFrom ?? '-',
          until: a.enabledUntil ?? '-',
        })),
      );
    });

  access
    .command('revoke <assignmentId>')
    .description('revoke an assignment')
    .option('--reason <text>', 'why')
    .action(async (id: string, opts: { reason?: string }, cmd: Command) => {
      await client(cmd).delete(
        `/access/assignments/${Number(id)}${opts.reason ? `?reason=${encodeURIComponent(opts.reason)}` : ''}`,
      );
      out([`assignment ${id} revoked`]);
    });

  access
    .command('counts')
    .description('assignments per scope and role')
    .option('--app <name>', 'of one application')
    .action(async (opts: { app?: string }, cmd: Command) => {
      const rows = await client(cmd).get<Count[]>('/access/counts', { application: opts.app });
      if (wantsJson(cmd)) return printJson(rows);
      printTable(
        rows.map((r) => ({
          scope: r.orgCode ?? r.scopeKind,
          role: `${r.application}:${r.role}`,
          people: r.people,
          groups: r.groups,
        })),
      );
    });

  access
    .command('check <person> <app> <action> <resource>')
    .description('ask the decision point; prints the decision and its reasons')
    .option('--group', 'the subject is a group')
    .option('--scope <unit>', 'org unit (code or id)')
    .option('--at <date-time>', 'when (default now)')
    .option('--known-at <date-time>', 'as Steward knew it then (recorded time)')
    .action(
      async (
        subject: string,
        a: string,
        action: string,
        resource: string,
        opts: { group?: boolean; scope?: string; at?: string; knownAt?: string },
        cmd: Command,
      ) => {
        const d = await client(cmd).post<Decision>('/check', {
          subject: { type: opts.group ? 'group' : 'person', id: Number(subject) },
          application: a,
          action,
          resource,
          scope: opts.scope ?? null,
          at: opts.at ?? null,
          ...(opts.knownAt ? { knownAt: opts.knownAt } : {}),
        });
        if (wantsJson(cmd)) printJson(d);
        else out(decisionLines(d));
      },
    );

  access
    .command('who-can <app> <action> <resource>')
    .description('the people who may do it')
    .option('--scope <unit>', 'org unit (code or id)')
    .option('--at <date-time>', 'when')
    .option('--known-at <date-time>', 'as Steward knew it then (recorded time)')
    .action(
      async (
        a: string,
        action: string,
        resource: string,
        opts: { scope?: string; at?: string; knownAt?: string },
        cmd: Command,
      ) => {
        const r = await client(cmd).get<WhoCan>('/access/who-can', {
          application: a,
          action,
          resource,
          scope: opts.scope,
          at: opts.at,
          knownAt: opts.knownAt,
        });
        if (wantsJson(cmd)) return printJson(r);
        out(
          r.people.length
            ? r.people.map((p) => `person ${p.personId}: ${p.reasons.map((x) => x.text).join(' → ')}`)
            : ['(nobody)'],
        );
      },
    );

  access
    .command('what-can <person>')
    .description('what a person may do')
    .option('--app <name>', 'in one application')
    .option('--scope <unit>', 'org unit (code or id)')
    .option('--at <date-time>', 'when')
    .option('--known-at <date-time>', 'as Steward knew it then (recorded time)')
    .action(
      async (person: string, opts: { app?: string; scope?: string; at?: string; knownAt?: string }, cmd: Command) => {
        const rows = await client(cmd).get<WhatCan>('/access/what-can', {
          subjectId: person,
          application: opts.app,
          scope: opts.scope,
          at: opts.at,
          knownAt: opts.knownAt,
        });
        if (wantsJson(cmd)) return printJson(rows);
        printTable(
          rows.map((r) => ({
            role: `${r.application}:${r.role}`,
            action: [r.action, ...r.implied].join(', '),
            resource: [r.resource, ...r.covers].join(', '),
            scope: r.scope,
          })),
        );
      },
    );
}
