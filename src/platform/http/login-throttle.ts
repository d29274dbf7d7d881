import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  countFailure,
  liveWindow,
  msLeft,
  type ThrottleLimits,
  type ThrottleWindow,
} from '../auth/login-throttle-time.ts';
import type { Clock } from '../clock.ts';
import { StewardError } from '../errors.ts';

/** Most windows kept at once; the oldest go first, so a flood of made-up usernames cannot fill the memory. */
const MAX_KEYS = 50_000;

/**
 * A store for @fastify/rate-limit that reads time from Steward's clock (the plugin's own store reads the wall
 * clock), so tests lock and unlock by moving the clock. `release` takes back an attempt that succeeded: only
 * failures count, yet an attempt is counted before its password is checked, so parallel guesses cannot slip past.
 */
export function clockRateLimitStore(clock: Clock) {
  const windows = new Map<string, ThrottleWindow>();
  type Done = (error: Error | null, result?: { current: number; ttl: number }) => void;
  class ClockStore {
    incr(key: string, done: Done, timeWindow: number): void {
      const now = clock.now().getTime();
      const next = countFailure(windows.get(key), now, timeWindow);
      windows.delete(key);
      windows.set(key, next);
      if (windows.size > MAX_KEYS) windows.delete(windows.keys().next().value!);
      done(null, { current: next.count, ttl: msLeft(next, now, timeWindow) });
    }
    read(key: string, done: Done, timeWindow: number): void {
      const now = clock.now().getTime();
      const live = liveWindow(windows.get(key), now, timeWindow);
      done(null, { current: live?.count ?? 0, ttl: msLeft(live ?? undefined, now, timeWindow) });
    }
    child(): ClockStore {
      return this;
    }
  }
  return {
    Store: ClockStore,
    release(key: string): void {
      const window = windows.get(key);
      if (window && window.count > 0) windows.set(key, { ...window, count: window.count - 1 });
    },
  };
}

export type LoginGuard = <T>(req: FastifyRequest, reply: FastifyReply, attempt: () => Promise<T>) => Promise<T>;

/**
 * Registers the rate-limit plugin in `server`'s scope and returns the guard of the sign-in route: at most
 * `perAccount` failures per username (from any address) and `perAddress` per client address in each window; past
 * either, attempts are refused with 429 and Retry-After until the window closes, even with the right password.
 */
export async function installLoginThrottle(
  server: FastifyInstance,
  clock: Clock,
  limits: ThrottleLimits,
): Promise<LoginGuard> {
  const store = clockRateLimitStore(clock);
  await server.register(fastifyRateLimit, { global: false, store: store.Store, timeWindow: limits.windowMs });
  const byAccount = server.createRateLimit({
    max: limits.perAccount,
    timeWindow: limits.windowMs,
    keyGenerator: (req) => `account:${String((req.body as { username?: unknown })?.username ?? '').toLowerCase()}`,
  });
  const byAddress = server.createRateLimit({
    max: limits.perAddress,
    timeWindow: limits.windowMs,
    keyGenerator: (req) => `address:${normalizeIP(req.ip)}`,
  });
  return async (req, reply, attempt) => {
    const counted = [await byAccount(req), await byAddress(req)];
    const over = counted.filter((c) => !c.isAllowed && c.isExceeded);
    if (over.length) {
      const seconds = Math.max(...over.map((c) => (c.isAllowed ? 0 : c.ttlInSeconds)), 1);
      reply.header('retry-after', String(seconds));
      throw new StewardError(
        'too-many-attempts',
        `too many failed sign-ins for this account or from this address; try again in ${seconds} s`,
        { extra: { retryAfter: seconds } },
      );
    }
    const result = await attempt();
    for (const c of counted) store.release(c.key);
    return result;
  };
}
