import { loadDemoGuestTypes } from '../../src/demo/demo-guest-types.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { appendixA } from '../../src/status/appendix-a.ts';
import type { TestApp } from '../harness.ts';

const system = systemActor('test');

/** The org unit the demo's tenant guest type is limited to: data, not configuration, so each instance has its own. */
export async function addSciencePark(t: TestApp): Promise<void> {
  await t.app.orgs.createUnit(system, { code: 'SCIPARK', kind: 'virtual', name: 'Science Park', parentId: null });
}

/**
 * The demo institution's configuration (its Appendix A status types, Figure 4 guest types and their lifecycles),
 * plus what the demo has none of yet: an org kind of its own, an application with a resource tree, roles and
 * permissions with limits, and an edited mail template.
 */
export async function loadDemoConfiguration(t: TestApp): Promise<void> {
  await addSciencePark(t);
  await t.app.status.types.createTypes(system, appendixA, { skipExisting: true });
  await loadDemoGuestTypes(t.app, system);
  await t.app.orgs.createKind(system, {
    kind: 'lab',
    label: 'Laboratory',
    fields: [{ name: 'safety_level', type: 'integer', required: false }],
  });
  const housing = await t.app.access.config.createApp(system, {
    name: 'housing',
    label: 'Housing',
    implications: { manage: ['open'] },
    timeZone: 'Europe/Helsinki',
  });
  await t.app.access.config.createResource(system, housing.id, { name: 'campus', label: 'Campus' });
  await t.app.access.config.createResource(system, housing.id, { name: 'north-quad', parent: 'campus' });
  await t.app.access.config.createResource(system, housing.id, { name: 'dorm-a', parent: 'north-quad' });
  const warden = await t.app.access.roles.createRole(system, housing.id, { name: 'warden', label: 'Warden' });
  await t.app.access.roles.addPermission(system, warden.id, { action: 'manage', resource: 'north-quad' });
  const resident = await t.app.access.roles.createRole(system, housing.id, { name: 'resident' });
  await t.app.access.roles.addPermission(system, resident.id, {
    action: 'open',
    resource: 'dorm-a',
    limits: [{ kind: 'time-window', from: '07:00', to: '23:00' }],
  });
  const template = await t.app.mail.templates.get(system, 'expiring-reminder');
  await t.app.mail.templates.update(system, 'expiring-reminder', template.version, {
    subject: 'Your visit ends soon',
    text: template.text,
  });
}
