import { describe, expect, it } from 'vitest';
import { systemActor } from './actor.ts';
import { ActorCache } from './actor-cache.ts';

const actor = systemActor('program');
const now = new Date('2026-12-01T10:00:00Z');

describe('the token → actor cache', () => {
  it('answers until its time to live has passed', () => {
    let ms = 0;
    const cache = new ActorCache(1000, () => ms);
    cache.set('h', actor, null);
    ms = 999;
    expect(cache.get('h', now)).toBe(actor);
    ms = 1000;
    expect(cache.get('h', now)).toBeNull();
  });

  it("never answers past the token's own expiry", () => {
    const cache = new ActorCache(60_000, () => 0);
    cache.set('h', actor, new Date('2026-12-01T10:00:01Z'));
    expect(cache.get('h', now)).toBe(actor);
    expect(cache.get('h', new Date('2026-12-01T10:00:01Z'))).toBeNull();
  });

  it('forgets everything when cleared, and keeps nothing when off', () => {
    const cache = new ActorCache(60_000, () => 0);
    cache.set('h', actor, null);
    cache.clear();
    expect(cache.get('h', now)).toBeNull();
    const off = new ActorCache(0, () => 0);
    off.set('h', actor, null);
    expect(off.get('h', now)).toBeNull();
  });

  it('does not remember what a look-up read before a clear (a revoke racing the look-up)', () => {
    const cache = new ActorCache(60_000, () => 0);
    const before = cache.generation;
    cache.clear();
    cache.set('h', actor, null, before);
    expect(cache.get('h', now)).toBeNull();
    cache.set('h', actor, null, cache.generation);
    expect(cache.get('h', now)).toBe(actor);
  });

  it('drops the tokens past their time whenever it stores one, so it holds only tokens used lately', () => {
    let ms = 0;
    const cache = new ActorCache(1000, () => ms);
    cache.set('a', actor, null);
    ms = 500;
    cache.set('b', actor, null);
    ms = 1200;
    cache.set('c', actor, null);
    expect(cache.size).toBe(2);
    expect(cache.get('b', now)).toBe(actor);
    ms = 1600;
    cache.set('b', actor, null);
    ms = 2250;
    cache.set('d', actor, null);
    expect(cache.size).toBe(2);
    expect(cache.get('c', now)).toBeNull();
    expect(cache.get('b', now)).toBe(actor);
  });
});
