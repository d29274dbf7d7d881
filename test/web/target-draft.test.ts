import { describe, expect, it } from 'vitest';
import type { Target } from '../../web/src/api/provision-types.ts';
import { draftOf, emptyDraft, inputOf } from '../../web/src/provision/target-draft.ts';

/** A target as GET /provision/targets/{name} returns it; `kind` and `settings` vary. */
function stored(kind: string, settings: Record<string, unknown>, secretsSet: string[]): Target {
  return {
    id: 7,
    name: 'lms',
    label: 'Learning platform',
    kind,
    settings,
    secretsSet,
    selection: { statuses: ['Learner', 'Staff'], primaryOnly: true, orgUnits: ['UNI'], groups: ['pilot'] },
    mappings: { userName: '{username}', externalId: '{id}', emails: '{email}' },
    groups: [
      { group: 'teachers', name: 'Teachers', id: 3 },
      { role: 'lms/admin', id: 9 },
    ],
    lifecycle: { disable: true, deleteAfterDays: 30 },
    thresholdPercent: 15,
    maxAttempts: 5,
    state: 'active',
    cursor: 0,
    hold: null,
  } as unknown as Target;
}

/** What an unchanged edit must send back: the stored definition (group ids are the server's to record). */
const definitionOf = (t: Target) => ({
  name: t.name,
  label: t.label,
  kind: t.kind,
  settings: t.settings,
  selection: t.selection,
  mappings: t.mappings,
  groups: t.groups.map(({ id: _id, ...g }) => g),
  lifecycle: t.lifecycle,
  thresholdPercent: t.thresholdPercent,
  maxAttempts: t.maxAttempts,
});

const scimSettings = {
  url: 'https://lms.example.edu/scim/v2',
  timeoutSeconds: 20,
  groupFolders: ['schools', 'clubs:chess'],
};

describe('the target form draft', () => {
  it('sends a SCIM target back unchanged, its kind, settings the form does not edit and stored token included', () => {
    const t = stored('scim', scimSettings, ['token']);
    const draft = draftOf(t);
    expect(draft.kind).toBe('scim');
    expect(draft.groupFolders).toBe('schools, clubs:chess');
    expect(draft.secretsSet).toEqual(['token']);
    expect(draft.token).toBe('');
    const { secrets, ...input } = inputOf(draft, false);
    expect(input).toEqual(definitionOf(t));
    // An empty token field keeps the stored token: nothing is sent for it.
    expect(secrets).toBeUndefined();
  });

  it('sends a typed SCIM bearer token, and the folders and URL as edited', () => {
    const draft = {
      ...draftOf(stored('scim', scimSettings, ['token'])),
      token: ' new-token ',
      groupFolders: 'schools ,',
      url: ' https://lms.example.edu/scim/v3 ',
    };
    const input = inputOf(draft, false);
    expect(input.secrets).toEqual({ token: 'new-token' });
    expect(input.settings).toEqual({
      url: 'https://lms.example.edu/scim/v3',
      timeoutSeconds: 20,
      groupFolders: ['schools'],
    });
  });

  it('creates a SCIM target with the server default mapping when no row is given, and never sends an LDAP password', () => {
    const input = inputOf(
      { ...emptyDraft, name: 'lms', kind: 'scim', url: 'https://lms.example.edu/scim/v2', token: 't0k', password: 'x' },
      true,
    );
    expect(input.kind).toBe('scim');
    expect(input.mappings).toBeUndefined();
    expect(input.secrets).toEqual({ token: 't0k' });
    expect(input.settings).toEqual({ url: 'https://lms.example.edu/scim/v2', groupFolders: [] });
  });

  it('still sends an LDAP target back unchanged, with its password kept and no SCIM setting added', () => {
    const ldap = {
      url: 'ldaps://dc1.example.edu:636',
      bindDn: 'cn=steward,dc=example,dc=edu',
      baseDn: 'ou=people,dc=example,dc=edu',
      groupsDn: 'ou=groups,dc=example,dc=edu',
      rdnAttribute: 'cn',
      objectClasses: ['top', 'person', 'user'],
      timeoutSeconds: 10,
      startTls: false,
    };
    const t = stored('ldap', ldap, ['password']);
    const { secrets, ...input } = inputOf(draftOf(t), false);
    expect(input).toEqual(definitionOf(t));
    expect(secrets).toBeUndefined();
    expect(inputOf({ ...draftOf(t), password: 'new' }, false).secrets).toEqual({ password: 'new' });
  });

  it('refuses to draft a target of a kind it does not know rather than save it as another kind', () => {
    expect(() => draftOf(stored('graph', {}, []))).toThrow(/kind graph/);
  });
});
