import { describe, expect, it } from 'vitest';
import { crossSiteProblem, type OriginFacts, originOf } from './origin-rules.ts';

const own = ['http://127.0.0.1:8080', 'https://steward.example.edu'];
const facts = (over: Partial<OriginFacts>): OriginFacts => ({
  method: 'POST',
  bearer: false,
  cookie: true,
  origin: undefined,
  referer: undefined,
  ownOrigins: () => own,
  ...over,
});

describe('the cross-site check of changes made with the session cookie', () => {
  it('lets the own origins through, by Origin or by Referer', () => {
    expect(crossSiteProblem(facts({ origin: 'http://127.0.0.1:8080' }))).toBeNull();
    expect(crossSiteProblem(facts({ origin: 'https://steward.example.edu' }))).toBeNull();
    expect(crossSiteProblem(facts({ referer: 'https://steward.example.edu/ui/people?q=x' }))).toBeNull();
    expect(crossSiteProblem(facts({ origin: 'https://steward.example.edu:443' }))).toBeNull();
  });

  it('refuses other origins, an opaque one, and a cookie change that names none', () => {
    for (const over of [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'http://steward.example.edu' },
      { origin: 'http://127.0.0.1:8081' },
      { referer: 'not a url' },
      { origin: 'https://evil.example', referer: 'https://steward.example.edu/' },
      {},
    ])
      expect(crossSiteProblem(facts(over)), JSON.stringify(over)).toMatchObject({ rule: 'same-origin' });
  });

  it('leaves reads, bearer-token calls, and cookie-less calls without an origin alone', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS'])
      expect(crossSiteProblem(facts({ method, origin: 'https://evil.example' }))).toBeNull();
    expect(crossSiteProblem(facts({ bearer: true, origin: 'https://evil.example' }))).toBeNull();
    expect(crossSiteProblem(facts({ cookie: false }))).toBeNull();
    expect(crossSiteProblem(facts({ cookie: false, origin: 'https://evil.example' }))).toMatchObject({
      field: 'header/origin',
    });
    for (const method of ['PUT', 'PATCH', 'DELETE']) expect(crossSiteProblem(facts({ method }))).not.toBeNull();
  });

  it('reads an origin from a URL', () => {
    expect(originOf('https://a.example:443/x?y')).toBe('https://a.example');
    expect(originOf('null')).toBeNull();
    expect(originOf('')).toBeNull();
  });
});
