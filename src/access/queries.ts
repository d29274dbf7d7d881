import type { AccessIndex, ResourceEntry } from './access-index.ts';
import { implies } from './access-index.ts';
import { ancestors, check, heldBy, type Reason, scopeReason, type Subject } from './decide.ts';
import { describeLimit } from './limits.ts';

/**
 * "Who can do A on R (in scope)?" and "what can S do?" over the in-memory index. Pure.
 * Who-can finds the roles whose permissions reach R for A, the people holding them
 * (directly or through a group) and then asks check() for each, so both questions agree
 * with the decision point by construction.
 */
export interface WhoCanRequest {
  application: string;
  action: string;
  resource: string;
  scope?: number | null;
  at: Date;
}
export interface WhoCanAnswer {
  people: { personId: number; reasons: Reason[] }[];
}

export function whoCan(index: AccessIndex, req: WhoCanRequest): WhoCanAnswer {
  const app = index.appByName.get(req.application);
  const resource = app && index.resourceByKey.get(`${app.id}|${req.resource}`);
  if (!app || !resource) return { people: [] };
  const chain = ancestors(index, resource);
  const granters = app.grantedBy.get(req.action) ?? [req.action];
  const candidates = new Set<number>();
  const t = req.at.getTime();
  for (const role of index.roles.values()) {
    if (role.appId !== app.id) continue;
    const reaches = chain.some((n) => granters.some((g) => role.byKey.has(`${n.id}|${g}`)));
    if (!reaches) continue;
    for (const id of index.byRole.get(role.id) ?? []) {
      const a = index.assignments.get(id)!;
      if (a.subjectType === 'person') candidates.add(a.subjectId);
      else
        for (const m of index.membersOf.get(a.subjectId) ?? [])
          if ((m.from === null || t >= m.from) && (m.until === null || t < m.until)) candidates.add(m.personId);
    }
  }
  const people: WhoCanAnswer['people'] = [];
  for (const personId of [...candidates].sort((x, y) => x - y)) {
    const d = check(index, {
      subject: { type: 'person', id: personId },
      application: req.application,
      action: req.action,
      resource: req.resource,
      scope: req.scope,
      at: req.at,
    });
    if (d.decision === 'allow') people.push({ personId, reasons: d.reasons });
  }
  return { people };
}

export interface WhatCanEntry {
  application: string;
  role: string;
  roleId: number;
  assignmentId: number;
  action: string;
  /** The actions this one implies (so also allowed). */
  implied: string[];
  resource: string;
  /** The resource's descendants, covered by the grant. */
  covers: string[];
  scope: string;
  limits: string[];
  via: Reason[];
}

export function whatCan(
  index: AccessIndex,
  subject: Subject,
  opts: { application?: string; scope?: number | null; at: Date },
): WhatCanEntry[] {
  const app = opts.application === undefined ? null : index.appByName.get(opts.application);
  if (opts.application !== undefined && !app) return [];
  const scopePath = opts.scope == null ? null : (index.orgPaths.get(opts.scope) ?? null);
  if (opts.scope != null && scopePath === null) return [];
  const out: WhatCanEntry[] = [];
  for (const held of heldBy(index, subject, opts.at, app ? app.id : null)) {
    const scope = scopeReason(index, held, subject, scopePath, opts.at);
    if (!scope.covers) continue;
    const role = index.roles.get(held.a.roleId)!;
    const roleApp = index.apps.get(role.appId)!;
    for (const p of role.permissions) {
      const r = index.resources.get(p.resourceId);
      if (!r) continue;
      const implied = [...roleApp.grantedBy.keys()]
        .filter((x) => x !== p.action && implies(roleApp.implications, p.action, x))
        .sort();
      out.push({
        application: roleApp.name,
        role: role.name,
        roleId: role.id,
        assignmentId: held.a.id,
        action: p.action,
        implied,
        resource: r.name,
        covers: descendants(index, r).map((d) => d.name),
        scope: scope.text,
        limits: [...p.limits, ...held.a.limits].map(describeLimit),
        via: held.via,
      });
    }
  }
  return out;
}

export function descendants(index: AccessIndex, r: ResourceEntry): ResourceEntry[] {
  const out: ResourceEntry[] = [];
  const stack = [...(index.children.get(r.id) ?? [])];
  while (stack.length && out.length < 10_000) {
    const id = stack.pop()!;
    const node = index.resources.get(id);
    if (!node) continue;
    out.push(node);
    for (const c of index.children.get(id) ?? []) stack.push(c);
  }
  return out;
}
