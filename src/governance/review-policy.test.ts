import { describe, expect, it } from 'vitest';
import type { Actor } from '../platform/auth/actor.ts';
import {
  campaignAbilities,
  mayDecideItem,
  mayManageCampaign,
  mayReadCampaign,
  mayReadReport,
  mayStartCampaign,
  worklistReviewer,
} from './review-policy.ts';

const user = (roles: Actor['roles'] = []): Actor => ({ kind: 'user', id: 1, name: 'u', roles });
const admin = user([{ role: 'sysadmin', orgId: null, orgPath: null }]);
const auditor = user([{ role: 'auditor', orgId: null, orgPath: null }]);
const plain = user();
const owner = { personId: 5, ownerPersonId: 5, reviewer: false };
const reviewer = { personId: 6, ownerPersonId: 5, reviewer: true };
const outsider = { personId: 7, ownerPersonId: 5, reviewer: false };

describe('who may do what with an access review', () => {
  it('starts: system administrators, the admin of the group or folder, the application owner', () => {
    expect(mayStartCampaign(admin, { adminOnTarget: false, applicationOwner: false })).toBe(true);
    expect(mayStartCampaign(plain, { adminOnTarget: true, applicationOwner: false })).toBe(true);
    expect(mayStartCampaign(plain, { adminOnTarget: false, applicationOwner: true })).toBe(true);
    expect(mayStartCampaign(auditor, { adminOnTarget: false, applicationOwner: false })).toBe(false);
  });
  it('manages: the owner and system administrators; reads: also reviewers and auditors; report: not reviewers', () => {
    expect(mayManageCampaign(plain, owner)).toBe(true);
    expect(mayManageCampaign(plain, reviewer)).toBe(false);
    expect(mayManageCampaign(admin, outsider)).toBe(true);
    expect(mayReadCampaign(plain, reviewer)).toBe(true);
    expect(mayReadCampaign(auditor, outsider)).toBe(true);
    expect(mayReadCampaign(plain, outsider)).toBe(false);
    expect(mayReadReport(plain, reviewer)).toBe(false);
    expect(mayReadReport(auditor, outsider)).toBe(true);
  });
  it('decides: the item’s reviewer or whoever manages; never an auditor or another reviewer', () => {
    expect(mayDecideItem(plain, reviewer, 6)).toBe(true);
    expect(mayDecideItem(plain, reviewer, 9)).toBe(false);
    expect(mayDecideItem(plain, owner, 9)).toBe(true);
    expect(mayDecideItem(auditor, { ...outsider, personId: null }, 9)).toBe(false);
  });
  it('gives a reviewer their own worklist only, and the owner anyone’s', () => {
    expect(worklistReviewer(plain, reviewer, undefined)).toEqual({ reviewer: 6 });
    expect(worklistReviewer(plain, reviewer, 'all')).toHaveProperty('refused');
    expect(worklistReviewer(plain, reviewer, '9')).toHaveProperty('refused');
    expect(worklistReviewer(plain, outsider, 'me')).toHaveProperty('refused');
    expect(worklistReviewer(plain, owner, 'all')).toEqual({ reviewer: null });
    expect(worklistReviewer(plain, owner, '6')).toEqual({ reviewer: 6 });
    expect(worklistReviewer(admin, { ...outsider, personId: null }, undefined)).toEqual({ reviewer: null });
    expect(worklistReviewer(auditor, { ...outsider, personId: null }, 'me')).toEqual({ reviewer: null });
  });
  it('says what the caller may do, nothing but reading once closed', () => {
    expect(campaignAbilities(plain, reviewer, true)).toEqual({
      decide: true,
      decideAll: false,
      close: false,
      report: false,
    });
    expect(campaignAbilities(plain, owner, true)).toEqual({ decide: true, decideAll: true, close: true, report: true });
    expect(campaignAbilities(plain, owner, false)).toEqual({
      decide: false,
      decideAll: false,
      close: false,
      report: true,
    });
  });

  it('never takes an account without a person for the owner or an item’s reviewer, and words each refusal', () => {
    const personless = { personId: null, ownerPersonId: null, reviewer: false };
    expect(mayManageCampaign(plain, personless)).toBe(false);
    expect(mayDecideItem(plain, personless, null)).toBe(false);
    expect(campaignAbilities(plain, outsider, true)).toEqual({
      decide: false,
      decideAll: false,
      close: false,
      report: false,
    });
    expect(worklistReviewer(plain, reviewer, 'all')).toEqual({
      refused: 'u may see only their own items in this campaign',
    });
    expect(worklistReviewer(plain, reviewer, '9')).toEqual({ refused: 'u is not a reviewer of this campaign' });
    expect(worklistReviewer(plain, { ...reviewer, personId: null }, 'me')).toEqual({
      refused: 'u may see only their own items in this campaign',
    });
  });
});
