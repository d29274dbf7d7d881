import { systemActor } from '../../../src/platform/auth/actor.ts';
import { enqueue } from '../../../src/notify/outbox.ts';
import { write } from '../../../src/platform/unit-of-work.ts';
import type { RouteCase } from '../route-case.ts';
import type { ActorName, RouteFixture } from '../route-fixture.ts';

let made = 0;

/** A dead mail, queued through the outbox and then marked dead, for the retry route. */
async function deadMail(fx: RouteFixture, actor: ActorName): Promise<number> {
  made += 1;
  const queued = await write({ db: fx.t.db(), clock: fx.t.clock }, systemActor('test'), (uow) =>
    enqueue(uow, {
      event: 'disabled',
      to: 'gone@uni.example',
      context: { name: 'Gone', visitor: 'Gone', to: '2026-09-01' },
      dedupeKey: `route-case:${actor}:${made}`,
    }),
  );
  await fx.t.db().updateTable('outbox').set({ state: 'dead' }).where('id', '=', queued!.id).execute();
  return queued!.id;
}

/**
 * Mail templates and the outbox: system administrators change them, auditors read them,
 * organisation administrators do neither. Each account reads and sets its own preference.
 */
export const mailCases: RouteCase[] = [
  {
    route: 'GET /mail/templates',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: () => ({ method: 'GET', url: '/mail/templates' }),
  },
  {
    route: 'GET /mail/templates/:event',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: () => ({ method: 'GET', url: '/mail/templates/approved' }),
  },
  {
    route: 'PUT /mail/templates/:event',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const etag = String((await fx.call('admin', { method: 'GET', url: '/mail/templates/renewal' })).headers.etag);
      return {
        method: 'PUT',
        url: '/mail/templates/renewal',
        headers: { 'if-match': etag },
        payload: { subject: 'Renewed: {{visitor}}', text: 'Until {{to}}.' },
      };
    },
  },
  {
    route: 'GET /mail/outbox',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: () => ({ method: 'GET', url: '/mail/outbox?state=dead' }),
  },
  {
    route: 'GET /mail/outbox/:id',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx, actor) => ({ method: 'GET', url: `/mail/outbox/${await deadMail(fx, actor)}` }),
  },
  {
    route: 'POST /mail/outbox/:id/retry',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx, actor) => ({
      method: 'POST',
      url: `/mail/outbox/${await deadMail(fx, actor)}/retry`,
      payload: {},
    }),
  },
  {
    route: 'GET /mail/preferences',
    allowed: 'nobody',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/mail/preferences' }),
  },
  {
    route: 'PUT /mail/preferences',
    allowed: 'nobody',
    denied: 'nobody',
    request: () => ({
      method: 'PUT',
      url: '/mail/preferences',
      payload: { dailyDigest: true },
      headers: { 'if-match': '"0"' },
    }),
  },
];
