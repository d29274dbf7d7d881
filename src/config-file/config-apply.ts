import { sql } from 'kysely';
import { createGuestConfigService } from '../guests/guest-config-service.ts';
import type { GuestTypeInput } from '../guests/guest-types.ts';
import { createTemplateService } from '../notify/template-service.ts';
import { createKindService } from '../organisations/kind-service.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { createStatusTypeService, type StatusTypeInput } from '../status/status-type-service.ts';
import { applyApplications } from './config-apply-access.ts';
import type { ConfigDiff } from './config-diff-rules.ts';
import type { CanonicalApplication, ConfigDocument, ConfigItem, MailTemplateItem } from './config-document.ts';
import type { PathOf } from './config-paths.ts';

/**
 * Loads a checked document's differences through each capability's own use cases, so every change is authorised
 * for the actor, audited and appended to the change log as if made by hand. `deps.db` is the one transaction of the
 * whole apply (nested-transaction.ts): the first refusal rolls every section back.
 */
export async function applyConfig(
  deps: ServiceDeps,
  actor: Actor,
  current: ConfigDocument,
  desired: ConfigDocument,
  diff: ConfigDiff,
  path: PathOf,
): Promise<void> {
  const byKey = <T extends ConfigItem>(items: T[], key: string) => new Map(items.map((i) => [String(i[key]), i]));
  const want: Wanted = {
    kinds: byKey(desired.orgKinds, 'kind'),
    status: byKey(desired.statusTypes, 'name'),
    lifecycles: byKey(desired.guestLifecycles, 'name'),
    guests: byKey(desired.guestTypes, 'name'),
    templates: byKey(desired.mailTemplates, 'event'),
  };
  const steps = { deps, actor, diff, path, want };
  await applyKinds(steps);
  await applyStatusTypes(steps);
  await applyGuests(steps);
  await applyApplications(
    deps,
    actor,
    current.applications as CanonicalApplication[],
    desired.applications as CanonicalApplication[],
    diff.applications,
    path,
  );
  await applyTemplates(steps);
}

interface Wanted {
  kinds: Map<string, ConfigDocument['orgKinds'][number]>;
  status: Map<string, ConfigItem>;
  lifecycles: Map<string, ConfigItem>;
  guests: Map<string, ConfigItem>;
  templates: Map<string, MailTemplateItem>;
}
interface Steps {
  deps: ServiceDeps;
  actor: Actor;
  diff: ConfigDiff;
  path: PathOf;
  want: Wanted;
}

async function applyKinds({ deps, actor, diff, path, want }: Steps): Promise<void> {
  const kinds = createKindService(deps);

  for (const kind of diff.orgKinds.added) {
    const k = want.kinds.get(kind)!;
    await path.at(path('orgKinds', kind), () => kinds.createKind(actor, k));
  }
  for (const { key } of diff.orgKinds.changed) {
    const k = want.kinds.get(key)!;
    const { version } = await kinds.getKind(actor, key);
    await path.at(path('orgKinds', key), () =>
      kinds.updateKind(actor, key, version, { label: k.label, fields: k.fields }),
    );
  }
}

async function applyStatusTypes({ deps, actor, diff, path, want }: Steps): Promise<void> {
  const { db } = deps;
  const status = createStatusTypeService(deps);
  const statusRow = (name: string) =>
    db
      .selectFrom('status_types')
      .select(['id', 'version'])
      .where(sql<boolean>`lower(name) = lower(${name})`)
      .executeTakeFirstOrThrow();
  for (const name of diff.statusTypes.removed) {
    const { id } = await statusRow(name);
    await path.at('/statusTypes', () => status.deleteType(actor, id));
  }
  for (const { key } of diff.statusTypes.changed) {
    const { id, version } = await statusRow(key);
    const input = want.status.get(key) as unknown as StatusTypeInput;
    await path.at(path('statusTypes', key), () => status.updateType(actor, id, version, input));
  }
  for (const name of diff.statusTypes.added) {
    const input = want.status.get(name) as unknown as StatusTypeInput;
    await path.at(path('statusTypes', name), () => status.createType(actor, input));
  }
}

async function applyGuests({ deps, actor, diff, path, want }: Steps): Promise<void> {
  const { db } = deps;
  const guests = createGuestConfigService(deps);
  const guestRow = (name: string) =>
    db.selectFrom('guest_types').select(['id', 'version']).where('name', '=', name).executeTakeFirstOrThrow();
  for (const name of diff.guestTypes.removed) {
    const { id } = await guestRow(name);
    await path.at('/guestTypes', () => guests.deleteType(actor, id));
  }
  const lifecycles = [...diff.guestLifecycles.added, ...diff.guestLifecycles.changed.map((c) => c.key)];
  // The shipped lifecycles are stored on first use; store them now, so a changed one is updated at its version.
  if (lifecycles.length) await guests.listLifecycles(actor);
  for (const name of lifecycles) {
    const stored = await db
      .selectFrom('guest_lifecycles')
      .select('version')
      .where('name', '=', name)
      .executeTakeFirst();
    const lc = want.lifecycles.get(name)!;
    await path.at(path('guestLifecycles', name), () => guests.putLifecycle(actor, name, stored?.version ?? 0, lc));
  }
  for (const { key } of diff.guestTypes.changed) {
    const { id, version } = await guestRow(key);
    const input = want.guests.get(key) as unknown as GuestTypeInput;
    await path.at(path('guestTypes', key), () => guests.updateType(actor, id, version, input));
  }
  for (const name of diff.guestTypes.added) {
    const input = want.guests.get(name) as unknown as GuestTypeInput;
    await path.at(path('guestTypes', name), () => guests.createType(actor, input));
  }
}

async function applyTemplates({ deps, actor, diff, path, want }: Steps): Promise<void> {
  const templates = createTemplateService(deps);
  for (const { key } of diff.mailTemplates.changed) {
    const t = want.templates.get(key)!;
    const { version } = await templates.get(actor, key);
    await path.at(path('mailTemplates', key), () =>
      templates.update(actor, key, version, { subject: t.subject, text: t.text, html: t.html ?? null }),
    );
  }
}
