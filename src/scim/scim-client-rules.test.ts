import { describe, expect, it } from 'vitest';
import type { Actor } from '../platform/auth/actor.ts';
import { scimClientName, scimClientOf } from './scim-client-rules.ts';

describe('the SCIM client a writer is', () => {
  it('names its source and folder after the account, in the characters a source name allows', () => {
    expect(scimClientName('entra')).toBe('scim-entra');
    expect(scimClientName('Okta Prod #2')).toBe('scim-okta-prod-2');
    expect(scimClientName('--')).toBe('scim-client');
    expect(scimClientName('a'.repeat(60))).toHaveLength(40);
    expect(scimClientName(`${'a'.repeat(34)}-b`)).toBe(`scim-${'a'.repeat(34)}`);
  });

  it('takes its scope and default unit from its scim-writer grant', () => {
    const actor = {
      kind: 'user' as const,
      id: 7,
      name: 'partner-idp',
      roles: [
        { role: 'scim' as const, orgId: null, orgPath: null },
        { role: 'scim-writer' as const, orgId: 12, orgPath: '/1/12/' },
      ],
    } satisfies Actor;
    expect(scimClientOf(actor)).toEqual({
      account: 'partner-idp',
      source: 'scim-partner-idp',
      folder: 'scim-partner-idp',
      orgPath: '/1/12/',
      orgId: 12,
    });
  });
});
