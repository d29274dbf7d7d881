import { withDefaults, type GuestTypeInput } from '../guests/guest-types.ts';
import type {
  ApplicationItem,
  CanonicalApplication,
  ConfigDocument,
  ConfigItem,
  MailTemplateItem,
} from './config-document.ts';
import { CONFIG_FORMAT, notCovered, SECRETS_NOTE } from './config-document.ts';
import type { FieldProblem } from '../platform/errors.ts';
import type { ConfigDiff } from './config-diff-rules.ts';

/**
 * One way to write each configuration: defaults filled in, lists in a stable order (by natural key), so an export
 * read twice prints the same bytes and a hand-written document that leaves a default out compares equal. Pure.
 */
const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

export function canonicalApplication(app: ApplicationItem): CanonicalApplication {
  return {
    name: app.name,
    label: app.label,
    description: app.description ?? '',
    timeZone: app.timeZone ?? 'UTC',
    implications: Object.fromEntries(
      Object.entries(app.implications ?? {})
        .sort(byKey(([k]) => k))
        .map(([k, v]) => [k, [...v].sort()]),
    ),
    resources: (app.resources ?? [])
      .map((r) => ({ name: r.name, label: r.label ?? r.name, parent: r.parent ?? null }))
      .sort(byKey((r) => r.name)),
    roles: (app.roles ?? [])
      .map((r) => ({
        name: r.name,
        label: r.label ?? r.name,
        description: r.description ?? '',
        permissions: (r.permissions ?? [])
          .map((p) => ({ action: p.action, resource: p.resource, limits: p.limits ?? [] }))
          .sort(byKey((p) => `${p.resource}\u0000${p.action}\u0000${JSON.stringify(p.limits)}`)),
      }))
      .sort(byKey((r) => r.name)),
  };
}

function canonicalStatusType(t: ConfigItem): ConfigItem {
  return {
    name: t.name,
    rank: t.rank,
    category: t.category,
    cardLabel: t.cardLabel ?? null,
    directory: t.directory ?? 'N',
    description: t.description ?? '',
    match: t.match,
  };
}

export function canonicalTemplate(t: MailTemplateItem): Required<MailTemplateItem> {
  return { event: t.event, subject: t.subject, text: t.text, html: t.html?.trim() ? t.html : null };
}

/** The document in its one written form (a document that passed `documentProblems`). */
export function canonicalDocument(doc: ConfigDocument): ConfigDocument {
  const name = (i: ConfigItem) => String(i.name);
  return {
    format: CONFIG_FORMAT,
    secrets: SECRETS_NOTE,
    notCovered: [...notCovered],
    orgKinds: [...doc.orgKinds].sort(byKey((k) => k.kind)),
    statusTypes: doc.statusTypes.map(canonicalStatusType).sort(byKey(name)),
    guestLifecycles: [...doc.guestLifecycles].sort(byKey(name)),
    guestTypes: doc.guestTypes
      .map((t) => withDefaults(t as unknown as GuestTypeInput) as unknown as ConfigItem)
      .sort(byKey(name)),
    applications: doc.applications.map(canonicalApplication).sort(byKey((a) => a.name)),
    mailTemplates: doc.mailTemplates.map(canonicalTemplate).sort(byKey((t) => t.event)),
  };
}

/** Sections whose items the services never delete: leaving one out of the document cannot be applied. */
const kept = { orgKinds: 'org kinds', guestLifecycles: 'guest lifecycles', mailTemplates: 'mail templates' } as const;

/** Problems with removals that cannot be made and templates of events that do not exist. */
export function unappliableProblems(diff: ConfigDiff): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [section, what] of Object.entries(kept) as [keyof typeof kept, string][])
    for (const key of diff[section].removed)
      problems.push({
        field: `/${section}`,
        rule: 'no-removal',
        message: `${key} is left out, but ${what} are never removed: keep it in the document`,
      });
  for (const event of diff.mailTemplates.added)
    problems.push({ field: '/mailTemplates', rule: 'known-reference', message: `there is no mail event ${event}` });
  return problems;
}
