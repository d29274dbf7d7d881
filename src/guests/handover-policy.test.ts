import { describe, expect, it } from 'vitest';
import type { Actor } from '../platform/auth/actor.ts';
import { mayTakeOver, takeOverRefusal } from './handover-policy.ts';

const user = (roles: Actor['roles']): Actor => ({ kind: 'user', id: 9, name: 'u', roles });
const orgadmin = (orgPath: string) => user([{ role: 'orgadmin', orgId: 1, orgPath }]);
const facts = { handoverOrgPath: '/1/4/', actorPersonId: 70 };

describe('who takes over a handed-over guest', () => {
  it('is a guest manager of the handover unit or above, with a person to vouch', () => {
    expect(takeOverRefusal(orgadmin('/1/4/'), facts)).toBeNull();
    expect(takeOverRefusal(orgadmin('/1/'), facts)).toBeNull();
    expect(mayTakeOver(user([{ role: 'office', orgId: null, orgPath: null, office: 'card-desk' }]), facts)).toBe(true);
  });

  it('refuses managers of other units, other accounts, accounts without a person and guests not handed over', () => {
    expect(takeOverRefusal(orgadmin('/1/5/'), facts)).toBe('not-a-manager');
    expect(takeOverRefusal(orgadmin('/1/4/7/'), facts)).toBe('not-a-manager');
    expect(takeOverRefusal(user([{ role: 'auditor', orgId: null, orgPath: null }]), facts)).toBe('not-a-manager');
    expect(takeOverRefusal(user([]), facts)).toBe('not-a-manager');
    expect(takeOverRefusal(orgadmin('/1/4/'), { ...facts, actorPersonId: null })).toBe('no-person');
    expect(takeOverRefusal(orgadmin('/1/4/'), { ...facts, handoverOrgPath: null })).toBe('no-handover');
    expect(mayTakeOver(orgadmin('/1/5/'), facts)).toBe(false);
  });
});
