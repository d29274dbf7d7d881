import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LdapEntry } from '../../src/provision/ldap/ldap-ops.ts';

/**
 * A real OpenLDAP server for one test file: its own temporary directory, a cn=config
 * database (slapd.d built with `slapadd -n0`), an mdb database for dc=example,dc=edu, the
 * bundled core/cosine/inetorgperson/nis schemas and Steward's own (docs/ldap-schema/).
 * `search` reads through the ldapsearch CLI, a client other than the connector under test.
 */
export interface Slapd {
  url: string;
  bindDn: string;
  password: string;
  baseDn: string;
  /** Every entry under `base` (subtree) matching `filter`, attribute names in lower case. */
  search(base: string, filter?: string, attrs?: string[]): Promise<LdapEntry[]>;
  /** Adds entries given as LDIF through the ldapadd CLI. */
  ldapadd(ldif: string): Promise<void>;
  /** Stops the server (SIGTERM) and removes its directory. */
  stop(): Promise<void>;
  /** Kills the server outright (SIGKILL); the directory stays until stop(). */
  kill9(): Promise<void>;
  /** Stops the server (SIGTERM) but keeps its directory, so `restart()` brings it back with its entries. */
  halt(): Promise<void>;
  /** Starts the server again on the same address with the same directory (after halt() or kill9()). */
  restart(): Promise<void>;
}

const slapdBin = '/usr/sbin/slapd';
const bundledSchemas = ['core', 'cosine', 'inetorgperson', 'nis'];
const stewardSchemas = ['steward-ad', 'eduperson', 'steward-group'];
const schemaDocs = join(import.meta.dirname, '..', '..', 'docs', 'ldap-schema');
const baseDn = 'dc=example,dc=edu';
const bindDn = 'cn=admin,dc=example,dc=edu';
const password = 'steward-test-secret';

function requireTools(): void {
  const missing = [slapdBin, '/usr/sbin/slapadd', '/usr/bin/ldapsearch', '/usr/bin/ldapadd'].filter(
    (file) => !existsSync(file),
  );
  if (missing.length > 0) {
    throw new Error(`LDAP tests need ${missing.join(', ')}: install the Debian packages slapd and ldap-utils`);
  }
}

/** Options of a harness slapd; the mdb map size defaults to slapd's own (10 MiB). */
export interface SlapdOptions {
  /** olcDbMaxSize in bytes: room for big directories (the provisioning benchmarks). */
  maxSizeBytes?: number;
}

function configLdif(dir: string, options: SlapdOptions = {}): string {
  const schemas = [
    ...bundledSchemas.map((name) => `/etc/ldap/schema/${name}.ldif`),
    ...stewardSchemas.map((name) => join(schemaDocs, `${name}.ldif`)),
  ].map((file) => readFileSync(file, 'utf8'));
  const head = [
    'dn: cn=config',
    'objectClass: olcGlobal',
    'cn: config',
    `olcPidFile: ${join(dir, 'slapd.pid')}`,
    `olcArgsFile: ${join(dir, 'slapd.args')}`,
    '',
    'dn: cn=module{0},cn=config',
    'objectClass: olcModuleList',
    'cn: module{0}',
    'olcModulePath: /usr/lib/ldap',
    'olcModuleLoad: back_mdb',
    '',
    'dn: cn=schema,cn=config',
    'objectClass: olcSchemaConfig',
    'cn: schema',
    '',
  ].join('\n');
  const databases = [
    'dn: olcDatabase={-1}frontend,cn=config',
    'objectClass: olcDatabaseConfig',
    'objectClass: olcFrontendConfig',
    'olcDatabase: {-1}frontend',
    '',
    'dn: olcDatabase={0}config,cn=config',
    'objectClass: olcDatabaseConfig',
    'olcDatabase: {0}config',
    '',
    'dn: olcDatabase={1}mdb,cn=config',
    'objectClass: olcDatabaseConfig',
    'objectClass: olcMdbConfig',
    'olcDatabase: {1}mdb',
    `olcDbDirectory: ${join(dir, 'data')}`,
    `olcSuffix: ${baseDn}`,
    `olcRootDN: ${bindDn}`,
    `olcRootPW: ${password}`,
    ...(options.maxSizeBytes ? [`olcDbMaxSize: ${options.maxSizeBytes}`] : []),
    'olcDbIndex: objectClass eq',
    'olcAccess: to * by * read',
    // Accounts other than the root DN get 500 entries a search, and any number through paging.
    'olcLimits: users size.soft=500 size.hard=500 size.prtotal=unlimited',
    '',
  ].join('\n');
  return [head, ...schemas.map((text) => text.trim() + '\n'), databases].join('\n');
}

function run(command: string, args: string[], input?: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    // A command that exits before reading its input (ldapsearch never reads it) closes the pipe: not an error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

async function mustRun(command: string, args: string[], input?: string): Promise<string> {
  const result = await run(command, args, input);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}: ${result.err}`);
  return result.out;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Parses `ldapsearch -LLL` output: records apart by blank lines, folded lines, `::` base64 values. */
export function parseLdif(text: string): LdapEntry[] {
  const entries: LdapEntry[] = [];
  for (const record of text.replace(/\r\n/g, '\n').split(/\n{2,}/)) {
    const lines = record
      .replace(/\n /g, '')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'));
    if (lines.length === 0) continue;
    let dn = '';
    const attributes: Record<string, string[]> = {};
    for (const line of lines) {
      const match = /^([^:]+)(::?)\s?(.*)$/.exec(line);
      if (!match) throw new Error(`unreadable LDIF line: ${line}`);
      const [, name, colons, raw] = match;
      const value = colons === '::' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      if (name.toLowerCase() === 'dn') dn = value;
      else (attributes[name.toLowerCase()] ??= []).push(value);
    }
    entries.push({ dn, attributes });
  }
  return entries;
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitUntilBound(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`slapd exited ${child.exitCode}: ${log()}`);
    const probe = await run('ldapsearch', [
      '-x',
      '-LLL',
      '-H',
      url,
      '-D',
      bindDn,
      '-w',
      password,
      '-s',
      'base',
      '-b',
      baseDn,
      'dn',
    ]);
    if (probe.code === 0) return;
    if (Date.now() > deadline) throw new Error(`slapd did not answer at ${url}: ${probe.err} ${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts slapd on a free port of 127.0.0.1 with an empty dc=example,dc=edu; stop() it after the tests. */
export async function startSlapd(options: SlapdOptions = {}): Promise<Slapd> {
  requireTools();
  const dir = mkdtempSync(join(tmpdir(), 'steward-slapd-'));
  const configDir = join(dir, 'slapd.d');
  mkdirSync(configDir);
  mkdirSync(join(dir, 'data'));
  const configFile = join(dir, 'config.ldif');
  writeFileSync(configFile, configLdif(dir, options));
  await mustRun('/usr/sbin/slapadd', ['-n0', '-F', configDir, '-l', configFile]);
  const base = `dn: ${baseDn}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example University\n`;
  await mustRun('/usr/sbin/slapadd', ['-n1', '-F', configDir], base);
  const url = `ldap://127.0.0.1:${await freePort()}`;
  let log = '';
  const launch = () => {
    const started = spawn(slapdBin, ['-d', '0', '-h', `${url}/`, '-F', configDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    started.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    return started;
  };
  let child = launch();
  const halt = async (): Promise<void> => {
    child.kill('SIGTERM');
    await waitForExit(child);
  };
  const stop = async (): Promise<void> => {
    await halt();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilBound(url, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  const auth = ['-x', '-H', url, '-D', bindDn, '-w', password];
  return {
    url,
    bindDn,
    password,
    baseDn,
    async search(searchBase, filter = '(objectClass=*)', attrs = []) {
      const result = await run('ldapsearch', [...auth, '-LLL', '-b', searchBase, filter, ...attrs]);
      if (result.code === 32) return [];
      if (result.code !== 0) throw new Error(`ldapsearch exited ${result.code}: ${result.err}`);
      return parseLdif(result.out);
    },
    async ldapadd(ldif) {
      await mustRun('ldapadd', auth, ldif);
    },
    stop,
    async kill9() {
      child.kill('SIGKILL');
      await waitForExit(child);
    },
    halt,
    async restart() {
      child = launch();
      await waitUntilBound(url, child, () => log);
    },
  };
}
