import type { ActorName, RouteFixture } from '../route-fixture.ts';
import type { RouteCase } from '../route-case.ts';

const tag = (actor: ActorName) => actor.toLowerCase();

/** A source for a case to read or change, registered on first use (one per actor so cases do not collide). */
async function sourceFor(fx: RouteFixture, actor: ActorName): Promise<{ url: string; etag: string }> {
  const name = `src-${tag(actor)}`;
  const url = `/sources/${name}`;
  const found = await fx.call('admin', { method: 'GET', url });
  const current =
    found.statusCode === 200
      ? found
      : await fx.call('admin', { method: 'POST', url: '/sources', payload: { name, label: `Source for ${actor}` } });
  return { url, etag: String(current.headers.etag) };
}

/** Authorisation cases for the systems of record: everyone with a role reads, system administrators configure. */
export const sourcesCases: RouteCase[] = [
  { route: 'GET /sources', allowed: 'orgadmin', denied: 'nobody', request: () => ({ method: 'GET', url: '/sources' }) },
  {
    route: 'GET /sources/:name',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx, actor) => ({ method: 'GET', url: (await sourceFor(fx, actor)).url }),
  },
  {
    route: 'POST /sources',
    allowed: 'admin',
    denied: 'orgadmin',
    request: (_fx, actor) => ({
      method: 'POST',
      url: '/sources',
      payload: { name: `new-${tag(actor)}`, label: 'Housing office' },
    }),
  },
  {
    route: 'PUT /sources/:name',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx, actor) => {
      const { url, etag } = await sourceFor(fx, actor);
      return { method: 'PUT', url, headers: { 'if-match': etag }, payload: { label: 'Renamed', holdThreshold: 0.2 } };
    },
  },
];
