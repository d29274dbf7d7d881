import type { Kysely } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import type { DB } from '../platform/db/schema.ts';
import { defaultLifecycles } from '../guests/default-lifecycles.ts';
import { guestTypeOf } from '../guests/guest-store.ts';
import type { Lifecycle } from '../guests/lifecycle.ts';
import { createTemplateService } from '../notify/template-service.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { loadStatusTypes } from '../status/status-store.ts';
import { canonicalDocument } from './config-canonical-rules.ts';
import { CONFIG_FORMAT, type ApplicationItem, type ConfigDocument, type ConfigItem } from './config-document.ts';

/**
 * Reads the configuration this version covers into one document in its written form (config-canonical-rules.ts):
 * natural keys only, no ids, no versions, no timestamps, no secrets. Never writes: the shipped lifecycles and mail
 * templates not yet stored are read as the defaults they are.
 */
export async function readConfig(deps: ServiceDeps, actor: Actor): Promise<ConfigDocument> {
  const { db } = deps;
  const kinds = await db.selectFrom('org_kinds').select(['kind', 'label', 'fields']).orderBy('kind').execute();
  const statusTypes = (await loadStatusTypes(db)).map(
    ({ id: _i, version: _v, createdAt: _c, updatedAt: _u, ...t }) => t,
  );
  const stored = (await db.selectFrom('guest_lifecycles').select('definition').execute()).map(
    (r) => r.definition as Lifecycle,
  );
  const lifecycles = [...stored, ...defaultLifecycles.filter((d) => !stored.some((s) => s.name === d.name))];
  const guestTypes = (await db.selectFrom('guest_types').selectAll().execute()).map((r) => {
    const { id: _i, version: _v, ...t } = guestTypeOf(r);
    return t;
  });
  const templates = (await createTemplateService(deps).list(actor)).map((t) => ({
    event: t.event,
    subject: t.subject,
    text: t.text,
    html: t.html,
  }));
  return canonicalDocument({
    format: CONFIG_FORMAT,
    orgKinds: kinds.map((k) => ({ kind: k.kind, label: k.label, fields: k.fields })),
    statusTypes: statusTypes as unknown as ConfigItem[],
    guestLifecycles: lifecycles as unknown as ConfigItem[],
    guestTypes: guestTypes as unknown as ConfigItem[],
    applications: await readApplications(db),
    mailTemplates: templates,
  });
}

async function readApplications(db: Kysely<DB>): Promise<ApplicationItem[]> {
  const apps = await db.selectFrom('access_applications').selectAll().execute();
  const resources = await db.selectFrom('access_resources').selectAll().execute();
  const roles = await db.selectFrom('access_roles').selectAll().execute();
  const permissions = await db.selectFrom('access_permissions').selectAll().execute();
  const resourceName = new Map(resources.map((r) => [r.id, r.name]));
  return apps.map((a) => ({
    name: a.name,
    label: a.label,
    description: a.description,
    timeZone: a.time_zone,
    implications: a.implications,
    resources: resources
      .filter((r) => r.application_id === a.id)
      .map((r) => ({
        name: r.name,
        label: r.label,
        parent: r.parent_id === null ? null : resourceName.get(r.parent_id)!,
      })),
    roles: roles
      .filter((r) => r.application_id === a.id)
      .map((r) => ({
        name: r.name,
        label: r.label,
        description: r.description,
        permissions: permissions
          .filter((p) => p.role_id === r.id)
          .map((p) => ({ action: p.action, resource: resourceName.get(p.resource_id)!, limits: p.limits })),
      })),
  }));
}
