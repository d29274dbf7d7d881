import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';

/**
 * A real SCIM 2.0 service provider for the SCIM target tests: SCIMMY's resources and its
 * Express routers (scimmy, scimmy-routers, on express 5) with in-memory storage. The protocol —
 * filters, paging, PATCH operations, errors — is SCIMMY's; what is written here is only the
 * storage callbacks (ingress, egress, degress) over two maps, which refuse a taken userName
 * with 409 `uniqueness` as an application does. For the tests it also keeps a log of the
 * requests, can answer 429 with a Retry-After for the next N requests, and can drop the
 * connection of every request after the next N (a network failure midway).
 */
type Json = Record<string, unknown> & { id: string };

interface Store {
  users: Map<string, Json>;
  groups: Map<string, Json>;
  next: number;
}

const { Types } = SCIMMY;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const plain = (instance: unknown): Record<string, unknown> => {
  const { schemas: _s, meta: _m, ...rest } = clone(instance) as Record<string, unknown>;
  return rest;
};

function egress(map: (s: Store) => Map<string, Json>) {
  return (resource: { id?: string; filter?: { match(v: unknown[]): unknown[] } }, ctx: Store) => {
    const all = map(ctx);
    if (resource.id) {
      const found = all.get(resource.id);
      if (!found) throw new Types.Error(404, null!, `Resource ${resource.id} not found`);
      return clone(found);
    }
    const list = [...all.values()].map(clone);
    return resource.filter ? resource.filter.match(list) : list;
  };
}

function degress(map: (s: Store) => Map<string, Json>) {
  return (resource: { id?: string }, ctx: Store) => {
    if (!map(ctx).delete(resource.id!)) throw new Types.Error(404, null!, `Resource ${resource.id} not found`);
    for (const g of ctx.groups.values())
      g.members = ((g.members as { value: string }[] | undefined) ?? []).filter((m) => m.value !== resource.id);
  };
}

SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false))
  .ingress((resource: { id?: string }, instance: unknown, ctx: Store) => {
    const user = plain(instance);
    const userName = String(user.userName).toLowerCase();
    for (const other of ctx.users.values())
      if (String(other.userName).toLowerCase() === userName && other.id !== resource.id)
        throw new Types.Error(409, 'uniqueness', `userName ${String(user.userName)} is taken`);
    if (resource.id && !ctx.users.has(resource.id))
      throw new Types.Error(404, null!, `Resource ${resource.id} not found`);
    const id = resource.id ?? `user-${++ctx.next}`;
    ctx.users.set(id, { ...user, id });
    return clone(ctx.users.get(id)!) as never;
  })
  .egress(egress((s) => s.users) as never)
  .degress(degress((s) => s.users) as never);

SCIMMY.Resources.declare(SCIMMY.Resources.Group)
  .ingress((resource: { id?: string }, instance: unknown, ctx: Store) => {
    const group = plain(instance);
    if (resource.id && !ctx.groups.has(resource.id))
      throw new Types.Error(404, null!, `Resource ${resource.id} not found`);
    const members = new Map(((group.members as { value: string }[] | undefined) ?? []).map((m) => [m.value, m]));
    const id = resource.id ?? `group-${++ctx.next}`;
    ctx.groups.set(id, { ...group, members: [...members.values()], id });
    return clone(ctx.groups.get(id)!) as never;
  })
  .egress(egress((s) => s.groups) as never)
  .degress(degress((s) => s.groups) as never);

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

export interface ScimmyServer {
  /** The SCIM base URL, e.g. http://127.0.0.1:PORT/scim/v2. */
  url: string;
  token: string;
  store: Store;
  log: LoggedRequest[];
  /** The next `n` requests are answered 429 (or `status`, e.g. 503) with this Retry-After. */
  throttle(n: number, retryAfter: string, status?: number): void;
  /** After the next `n` requests, every connection is dropped until `heal`. */
  failAfter(n: number): void;
  heal(): void;
  userByName(userName: string): Json | undefined;
  stop(): Promise<void>;
}

export async function startScimmy(token = 'scim-test-token'): Promise<ScimmyServer> {
  const store: Store = { users: new Map(), groups: new Map(), next: 0 };
  const log: LoggedRequest[] = [];
  let throttled = { n: 0, retryAfter: '', status: 429 };
  let failIn: number | null = null;
  const app = express();
  app.use((req, res, next) => {
    // Express 5 parses req.query afresh on each read; SCIMMY's routers cast startIndex and count on it.
    Object.defineProperty(req, 'query', { value: { ...req.query }, writable: true, configurable: true });
    if (failIn !== null && failIn-- <= 0) {
      req.socket.destroy();
      return;
    }
    res.on('finish', () =>
      log.push({ method: req.method, path: req.originalUrl, status: res.statusCode, body: req.body as unknown }),
    );
    if (throttled.n > 0) {
      throttled.n -= 1;
      res
        .status(throttled.status)
        .set('retry-after', throttled.retryAfter)
        .json({ status: String(throttled.status), detail: 'slow down' });
      return;
    }
    next();
  });
  app.use(
    '/scim/v2',
    new SCIMMYRouters({
      type: 'bearer',
      handler: (req: express.Request) => {
        if (req.header('authorization') !== `Bearer ${token}`) throw new Error('a bearer token is required');
        return 'steward';
      },
      context: () => store,
    }) as unknown as express.Router,
  );
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/scim/v2`,
    token,
    store,
    log,
    throttle: (n, retryAfter, status = 429) => {
      throttled = { n, retryAfter, status };
    },
    failAfter: (n) => {
      failIn = n;
    },
    heal: () => {
      failIn = null;
    },
    userByName: (userName) => [...store.users.values()].find((u) => u.userName === userName),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
