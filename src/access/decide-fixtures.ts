import { AccessIndex } from './access-index.ts';
import { check } from './decide.ts';

/** Builders for the decision-point tests (decide.test.ts, decide-reasons.test.ts). */
/** A small index by hand: doors with a quad of dorms, a uni with two departments. */
export function world() {
  const index = new AccessIndex();
  index.putOrgs(
    [
      { id: 1, path: '/1/', code: 'UNI' },
      { id: 2, path: '/1/2/', code: 'CHEM' },
      { id: 3, path: '/1/3/', code: 'PHYS' },
    ],
    true,
  );
  index.putApp({
    id: 1,
    name: 'doors',
    timeZone: 'America/New_York',
    implications: { admin: ['open'], open: ['enter'] },
  });
  index.putResource({ id: 10, appId: 1, name: 'dorms', parentId: null });
  index.putResource({ id: 11, appId: 1, name: 'quad2', parentId: 10 });
  index.putResource({ id: 12, appId: 1, name: 'steiner', parentId: 11 });
  index.putResource({ id: 13, appId: 1, name: 'other', parentId: 10 });
  index.putRole({ id: 1, appId: 1, name: 'resident' }, [
    { id: 1, roleId: 1, action: 'open', resourceId: 10, limits: [{ kind: 'time-window', from: '08:00', to: '22:00' }] },
  ]);
  index.putRole({ id: 2, appId: 1, name: 'ra' }, [{ id: 2, roleId: 2, action: 'open', resourceId: 11, limits: [] }]);
  return index;
}
export const at = (local: string) => new Date(`${local}-04:00`);
export const ask = (
  index: AccessIndex,
  personId: number,
  resource: string,
  when: string,
  action = 'open',
  scope: number | null = null,
) =>
  check(index, {
    subject: { type: 'person', id: personId },
    application: 'doors',
    action,
    resource,
    scope,
    at: at(when),
  });

/** An assignment of person 7 (or another subject) with the given scope and dates, no limits. */
export const assignment = (
  id: number,
  roleId: number,
  over: Partial<Parameters<AccessIndex['putAssignment']>[0]> = {},
) => ({
  id,
  roleId,
  subjectType: 'person' as const,
  subjectId: 7,
  scopeKind: 'everywhere' as const,
  orgId: null,
  affiliationKind: null,
  from: null,
  until: null,
  limits: [],
  ...over,
});
