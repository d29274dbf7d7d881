import { describe, expect, it } from 'vitest';
import { Random } from '../demo/random.ts';
import { fact, statusType } from './fixtures.ts';
import { compileMatchers, matches } from './matching.ts';
import type { StatusMatch } from './status-types.ts';

const typeWith = (match: StatusMatch) => statusType(1, { match });

describe('one status type against one affiliation', () => {
  it('matches on source and kind, any of the listed ones', () => {
    const t = typeWith({ sources: ['hr', 'payroll'], kinds: ['employee'] });
    expect(matches(t, fact({ source: 'payroll', kind: 'employee' }))).toBe(true);
    expect(matches(t, fact({ source: 'sis', kind: 'employee' }))).toBe(false);
    expect(matches(t, fact({ source: 'hr', kind: 'student' }))).toBe(false);
  });

  it("reads a trailing % as a prefix wildcard, like the seed's E%", () => {
    const exempt = typeWith({ codes: ['AE%'] });
    expect(matches(exempt, fact({ codes: ['AE12'] }))).toBe(true);
    expect(matches(exempt, fact({ codes: ['AE'] }))).toBe(true);
    expect(matches(exempt, fact({ codes: ['AN12'] }))).toBe(false);
    expect(matches(exempt, fact({ codes: ['ae12'] }))).toBe(false);
    expect(matches(exempt, fact({ codes: ['XX', 'AE03'] }))).toBe(true);
  });

  it('compares codes without a wildcard exactly', () => {
    const troyEngineering = typeWith({ codes: ['TE'] });
    expect(matches(troyEngineering, fact({ codes: ['TE'] }))).toBe(true);
    expect(matches(troyEngineering, fact({ codes: ['TES'] }))).toBe(false);
  });

  it('reads % alone as "has any code", never as "has no code"', () => {
    const anyCode = typeWith({ codes: ['%'] });
    expect(matches(anyCode, fact({ codes: ['Q'] }))).toBe(true);
    expect(matches(anyCode, fact({ codes: [] }))).toBe(false);
  });

  it('matches an org unit and its whole subtree, and nothing beside it', () => {
    const physics = typeWith({ orgPath: '/1/4/' });
    expect(matches(physics, fact({ orgPath: '/1/4/' }))).toBe(true);
    expect(matches(physics, fact({ orgPath: '/1/4/9/12/' }))).toBe(true);
    expect(matches(physics, fact({ orgPath: '/1/40/' }))).toBe(false);
    expect(matches(physics, fact({ orgPath: '/1/' }))).toBe(false);
  });

  it('wants every attribute to equal one of its values, and a missing attribute fails', () => {
    const hartfordGrad = typeWith({ attributes: { level: 'GR', registered_this_term: ['Y', 'T'] } });
    expect(matches(hartfordGrad, fact({ attributes: { level: 'GR', registered_this_term: 'T' } }))).toBe(true);
    expect(matches(hartfordGrad, fact({ attributes: { level: 'GR', registered_this_term: 'N' } }))).toBe(false);
    expect(matches(hartfordGrad, fact({ attributes: { level: 'GR' } }))).toBe(false);
    expect(matches(hartfordGrad, fact({ attributes: { level: 'UG', registered_this_term: 'Y' } }))).toBe(false);
  });

  it('needs every criterion to hold at once', () => {
    const t = typeWith({
      sources: ['hr'],
      kinds: ['employee'],
      codes: ['AF%'],
      orgPath: '/1/4/',
      attributes: { campus: 'T' },
    });
    const good = fact({
      source: 'hr',
      kind: 'employee',
      codes: ['AF01'],
      orgPath: '/1/4/7/',
      attributes: { campus: 'T' },
    });
    expect(matches(t, good)).toBe(true);
    expect(matches(t, { ...good, source: 'sis' })).toBe(false);
    expect(matches(t, { ...good, kind: 'student' })).toBe(false);
    expect(matches(t, { ...good, codes: ['AE01'] })).toBe(false);
    expect(matches(t, { ...good, orgPath: '/1/5/' })).toBe(false);
    expect(matches(t, { ...good, attributes: { campus: 'H' } })).toBe(false);
  });
});

describe('compiled matchers for all types at once', () => {
  it('gives every matching type, highest rank first, equal ranks by id', () => {
    const types = [
      statusType(4, { rank: 150, match: { sources: ['housing'] } }),
      statusType(3, { rank: 750, match: { kinds: ['employee'], codes: ['AF%'] } }),
      statusType(2, { rank: 750, match: { sources: ['hr'] } }),
      statusType(1, { rank: 740, match: { sources: ['hr'], attributes: { hr_ok: 'Y' } } }),
    ];
    const matcher = compileMatchers(types);
    expect(matcher(fact({ codes: ['AF01'], attributes: { hr_ok: 'Y' } })).map((t) => t.id)).toEqual([2, 3, 1]);
    expect(matcher(fact({ source: 'housing', kind: 'resident' })).map((t) => t.id)).toEqual([4]);
    expect(matcher(fact({ source: 'guests', kind: 'guest' }))).toEqual([]);
  });

  it("does not let one (source, kind) pair's candidates leak into another's", () => {
    const matcher = compileMatchers([
      statusType(1, { match: { sources: ['hr'], kinds: ['employee'] } }),
      statusType(2, { match: { kinds: ['student'] } }),
    ]);
    expect(matcher(fact({ source: 'hr', kind: 'employee' })).map((t) => t.id)).toEqual([1]);
    expect(matcher(fact({ source: 'hr', kind: 'student' })).map((t) => t.id)).toEqual([2]);
    expect(matcher(fact({ source: 'hr', kind: 'employee' })).map((t) => t.id)).toEqual([1]);
    expect(matcher(fact({ source: 'sis', kind: 'student' })).map((t) => t.id)).toEqual([2]);
  });

  it('agrees with matches() on thousands of random affiliations and types', () => {
    const rnd = new Random(20260630);
    const sources = ['hr', 'sis', 'housing', 'guests'];
    const kinds = ['employee', 'student', 'resident', 'guest'];
    const codes = ['AE1', 'AE2', 'AN1', 'AF1', 'TE', 'TS', 'HA'];
    const patterns = ['AE%', 'A%', 'TE', 'TS', 'H%', '%', 'AN1'];
    const paths = ['/1/', '/1/4/', '/1/4/9/', '/1/40/', '/2/'];
    const some = <T>(items: readonly T[]) =>
      items
        .filter(() => rnd.chance(0.4))
        .concat(rnd.pick(items))
        .filter((v, i, a) => a.indexOf(v) === i);
    const types = Array.from({ length: 30 }, (_, i) => {
      const match: StatusMatch = {};
      if (rnd.chance(0.6)) match.sources = some(sources);
      if (rnd.chance(0.5)) match.kinds = some(kinds);
      if (rnd.chance(0.4)) match.codes = some(patterns);
      if (rnd.chance(0.3)) match.orgPath = rnd.pick(paths);
      if (rnd.chance(0.3)) match.attributes = { level: some(['UG', 'GR']) };
      if (Object.keys(match).length === 0) match.sources = [rnd.pick(sources)];
      return statusType(i + 1, { rank: rnd.int(1, 5) * 100, match });
    });
    const matcher = compileMatchers(types);
    let hits = 0;
    for (let n = 0; n < 3000; n++) {
      const f = fact({
        source: rnd.pick(sources),
        kind: rnd.pick(kinds),
        codes: codes.filter(() => rnd.chance(0.25)),
        orgPath: rnd.pick(paths) + (rnd.chance(0.5) ? '7/' : ''),
        attributes: rnd.chance(0.7) ? { level: rnd.pick(['UG', 'GR', 'PG']) } : {},
      });
      const expected = types.filter((t) => matches(t, f)).sort((a, b) => b.rank - a.rank || a.id - b.id);
      expect(matcher(f)).toEqual(expected);
      hits += expected.length;
    }
    // The random set is not degenerate: affiliations match a few types each on average.
    expect(hits).toBeGreaterThan(3000);
  });
});
