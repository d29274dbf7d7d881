import type { FieldProblem } from '../../platform/errors.ts';
import { templateProblems } from '../mapping-rules.ts';

/**
 * A SCIM target's settings, secrets and attribute mapping (`provision_targets` of kind 'scim'),
 * checked and defaulted. Pure. The bearer token is a secret (`secrets.token`): write-only,
 * never shown back. Mappings name SCIM user attributes, each a template over a person's facts;
 * `active` is not mapped: Steward sets it from the target's lifecycle.
 */
export interface ScimTargetSettings {
  /** The application's SCIM base URL, e.g. https://app.example.com/scim/v2 (no trailing slash). */
  url: string;
  timeoutSeconds: number;
  /** Group folders whose groups (and those of their subfolders) are pushed as SCIM groups. */
  groupFolders: string[];
}

export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** The SCIM user attributes a mapping may set (`enterprise:` is the enterprise extension). */
export const SCIM_ATTRIBUTES: readonly string[] = [
  'userName',
  'externalId',
  'displayName',
  'nickName',
  'title',
  'preferredLanguage',
  'name.givenName',
  'name.familyName',
  'name.middleName',
  'name.formatted',
  'emails',
  'enterprise:employeeNumber',
  'enterprise:department',
  'enterprise:organization',
];

export const SCIM_DEFAULT_MAPPINGS: Record<string, string> = {
  userName: '{username}',
  externalId: '{id}',
  displayName: '{displayName}',
  'name.givenName': '{givenName}',
  'name.familyName': '{familyName}',
  emails: '{email}',
  'enterprise:employeeNumber': '{idNumber}',
};

export const SCIM_SETTING_KEYS = ['url', 'timeoutSeconds', 'groupFolders'];
const FOLDER = /^[a-z0-9][a-z0-9_-]*(:[a-z0-9][a-z0-9_-]*)*$/i;

function urlProblem(value: unknown): string | null {
  try {
    const url = new URL(typeof value === 'string' ? value : '');
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) address';
    if (url.search || url.hash) return 'must have no query or fragment';
    return null;
  } catch {
    return 'must be an address such as https://app.example.com/scim/v2';
  }
}

export function scimSettingsProblems(
  settings: Record<string, unknown>,
  secrets: Record<string, unknown>,
  mappings: Record<string, string> | undefined,
): FieldProblem[] {
  const out: FieldProblem[] = [];
  const add = (field: string, rule: string, message: string) => out.push({ field, rule, message });
  const url = urlProblem(settings.url);
  if (url) add('/settings/url', 'format:url', url);
  const t = settings.timeoutSeconds;
  if (t !== undefined && (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > 300))
    add('/settings/timeoutSeconds', 'range', 'must be a whole number of seconds from 1 to 300');
  const folders = settings.groupFolders;
  if (folders !== undefined && !Array.isArray(folders))
    add('/settings/groupFolders', 'type', 'must be a list of folder names');
  if (Array.isArray(folders))
    folders.forEach((f, i) => {
      if (typeof f !== 'string' || !FOLDER.test(f))
        add(`/settings/groupFolders/${i}`, 'format:folder', 'must be a folder name such as schools or schools:hill');
    });
  if (secrets.token !== undefined && (typeof secrets.token !== 'string' || secrets.token.trim() === ''))
    add('/secrets/token', 'not-blank', 'the bearer token must not be blank');
  const m = mappings ?? SCIM_DEFAULT_MAPPINGS;
  for (const [attribute, template] of Object.entries(m)) {
    if (!SCIM_ATTRIBUTES.includes(attribute))
      add(
        `/mappings/${attribute}`,
        'unknown',
        `is not a SCIM attribute Steward writes (known: ${SCIM_ATTRIBUTES.join(', ')})`,
      );
    else out.push(...templateProblems(template, `/mappings/${attribute}`));
  }
  if (!m.userName) add('/mappings/userName', 'required', 'must map userName (it names the user in the application)');
  return out;
}

/** The settings with defaults filled in (call after the problems were none). */
export function normaliseScimSettings(s: Record<string, unknown>): ScimTargetSettings {
  return {
    url: String(s.url).trim().replace(/\/+$/, ''),
    timeoutSeconds: (s.timeoutSeconds as number | undefined) ?? 10,
    groupFolders: (s.groupFolders as string[] | undefined) ?? [],
  };
}
