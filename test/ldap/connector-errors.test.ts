import { createServer, type Server, type Socket } from 'node:net';
import { Client, SizeLimitExceededError } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLdapDirectory, searchPageSize } from '../../src/provision/ldap/ldap-connector.ts';
import { type LdapDirectory, type LdapSettings, TargetError } from '../../src/provision/ldap/ldap-ops.ts';
import { type Slapd, startSlapd } from '../support/slapd.ts';

// How the connector fails (the directory's own words, prefixed by the op and DN, and
// whether to retry) and how it reads many entries (paged) — against a real OpenLDAP.

const base = 'ou=steward,dc=example,dc=edu';
let slapd: Slapd;
const opened: LdapDirectory[] = [];

function open(overrides: Partial<LdapSettings> = {}, password = slapd.password): LdapDirectory {
  const settings = { url: slapd.url, bindDn: slapd.bindDn, baseDn: base, groupsDn: `ou=groups,${base}` };
  const directory = openLdapDirectory({ ...settings, timeoutSeconds: 5, ...overrides }, password);
  opened.push(directory);
  return directory;
}

async function failure(promise: Promise<unknown>): Promise<TargetError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TargetError);
  return error as TargetError;
}

beforeAll(async () => {
  slapd = await startSlapd();
  await open().apply([{ op: 'ensureOu', dn: `ou=People,${base}` }]);
});

afterAll(async () => {
  for (const directory of opened) await directory.close();
  await slapd?.stop();
});

describe('errors', () => {
  it('reports a schema violation with the op, the DN and the server message, not retryable', async () => {
    const dn = `uid=nosn,ou=People,${base}`;
    const error = await failure(
      open().apply([{ op: 'add', dn, attributes: { objectClass: ['inetOrgPerson'], uid: ['nosn'], cn: ['No Sn'] } }]),
    );
    expect(error.message).toBe(
      `add ${dn}: Object class violation: object class 'inetOrgPerson' requires attribute 'sn'`,
    );
    expect(error.retryable).toBe(false);
    expect(await slapd.search(dn)).toEqual([]);
  });

  it('reports an attribute no class allows', async () => {
    const dn = `uid=extra,ou=People,${base}`;
    const attributes = { objectClass: ['inetOrgPerson'], uid: ['extra'], cn: ['E'], sn: ['E'], sAMAccountName: ['e'] };
    const error = await failure(open().apply([{ op: 'add', dn, attributes }]));
    expect(error.message).toMatch(
      new RegExp(`^add ${dn}: Object class violation: attribute 'sAMAccountName' not allowed`),
    );
    expect(error.retryable).toBe(false);
  });

  it('stops at the first failing op and leaves the later ones undone', async () => {
    const later = `ou=Later,${base}`;
    const error = await failure(
      open().apply([
        { op: 'modify', dn: `uid=nobody,ou=People,${base}`, replace: { mail: ['x@example.edu'] } },
        { op: 'ensureOu', dn: later },
      ]),
    );
    expect(error.message).toMatch(/^modify uid=nobody,ou=People,ou=steward,dc=example,dc=edu: No such object/);
    expect(await slapd.search(later)).toEqual([]);
  });

  it('reports a wrong password as retryable (an administrator may fix it)', async () => {
    const error = await failure(open({}, 'wrong').apply([{ op: 'ensureOu', dn: `ou=X,${base}` }]));
    expect(error.message).toMatch(
      new RegExp(`^ensureOu ou=X,${base}: bind ${slapd.bindDn} at ${slapd.url}: Invalid credentials`),
    );
    expect(error.retryable).toBe(true);
  });

  it('reports a stopped server as retryable and connects again on the next call', async () => {
    const other = await startSlapd();
    try {
      const directory = open({ url: other.url, bindDn: other.bindDn }, other.password);
      await directory.apply([{ op: 'ensureOu', dn: `ou=A,${base}` }]);
      await other.kill9();
      const lost = await failure(directory.apply([{ op: 'ensureOu', dn: `ou=B,${base}` }]));
      expect(lost.retryable).toBe(true);
      // Either the op was sent on the dead socket, or its close was seen first and the reconnect refused.
      const how = '(Socket error|Connection closed|bind .* connect ECONNREFUSED)';
      expect(lost.message).toMatch(new RegExp(`^ensureOu ou=B,${base}: ${how}[^\\n]*$`));
      const refused = await failure(directory.search(base, '(objectClass=*)', []));
      expect(refused.message).toMatch(new RegExp(`^search ${base}: bind .* at ${other.url}: connect ECONNREFUSED`));
      expect(refused.retryable).toBe(true);
    } finally {
      await other.stop();
    }
  });

  it('gives up after timeoutSeconds on a server that never answers, retryable', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const started = Date.now();
      const error = await failure(
        open({ url: `ldap://127.0.0.1:${port}`, timeoutSeconds: 1 }).apply([{ op: 'delete', dn: `ou=A,${base}` }]),
      );
      expect(Date.now() - started).toBeLessThan(4000);
      expect(error.message).toMatch(/^delete ou=A,.*: bind .*: BindRequest: Operation timed out/);
      expect(error.retryable).toBe(true);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('search', () => {
  const many = 1200;
  const ou = `ou=Many,${base}`;
  const service = 'cn=steward-reader,dc=example,dc=edu';

  beforeAll(async () => {
    const people = Array.from({ length: many }, (_, index) =>
      [
        `dn: uid=p${index},${ou}`,
        'objectClass: inetOrgPerson',
        `uid: p${index}`,
        `cn: P ${index}`,
        `sn: P${index}`,
      ].join('\n'),
    );
    const reader = [`dn: ${service}`, 'objectClass: applicationProcess', 'objectClass: simpleSecurityObject'];
    await slapd.ldapadd(
      [
        `dn: ${ou}\nobjectClass: organizationalUnit\nou: Many`,
        ...people,
        [...reader, 'cn: steward-reader', 'userPassword: reader-secret'].join('\n'),
      ].join('\n\n'),
    );
  });

  it(`pages past the server's size limit (${searchPageSize} entries a page), attribute names in lower case`, async () => {
    // The reader is not the root DN, so slapd returns at most 500 entries to a search without paging.
    const plain = new Client({ url: slapd.url });
    await plain.bind(service, 'reader-secret');
    await expect(plain.search(ou, { scope: 'sub', filter: '(uid=*)' })).rejects.toBeInstanceOf(SizeLimitExceededError);
    await plain.unbind();

    const entries = await open({ bindDn: service }, 'reader-secret').search(ou, '(objectClass=inetOrgPerson)', [
      'uid',
      'SN',
    ]);
    expect(entries).toHaveLength(many);
    expect(new Set(entries.map((entry) => entry.attributes.uid[0])).size).toBe(many);
    const p7 = entries.find((entry) => entry.dn === `uid=p7,${ou}`);
    expect(p7?.attributes).toEqual({ objectclass: ['inetOrgPerson'], uid: ['p7'], sn: ['P7'] });
    expect((await slapd.search(ou, '(objectClass=inetOrgPerson)', ['1.1'])).length).toBe(many);
  });

  it('returns no entries under a base that does not exist', async () => {
    expect(await open().search(`ou=Nowhere,${base}`, '(objectClass=*)', ['uid'])).toEqual([]);
  });

  it('reports a malformed filter, not retryable', async () => {
    const error = await failure(open().search(ou, '(uid=p1', ['uid']));
    expect(error.message).toMatch(new RegExp(`^search ${ou}: `));
    expect(error.retryable).toBe(false);
  });
});
