import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { startSlapd, type Slapd } from '../../test/support/slapd.ts';
import { onCleanup } from './cleanup.ts';

/**
 * The provisioning benchmarks' OpenLDAP: the test harness's slapd (test/support/slapd.ts),
 * with an 8 GiB mdb map (slapd's 10 MiB default holds a few thousand accounts), stopped and
 * removed when the run ends (Ctrl+C included). What the harness lacks for a
 * benchmark: dumping a subtree as LDIF that ldapadd takes back, feeding ldapadd a file, and
 * asking once whether an entry is there, each through the OpenLDAP CLI in its own process.
 */
export interface BenchSlapd extends Slapd {
  close(): Promise<void>;
}

export async function startBenchSlapd(label: string): Promise<BenchSlapd> {
  const slapd = await startSlapd({ maxSizeBytes: 8 * 2 ** 30 });
  const close = onCleanup(`slapd ${label} at ${slapd.url}`, () => slapd.stop());
  return { ...slapd, close };
}

const auth = (s: Slapd) => ['-x', '-H', s.url, '-D', s.bindDn, '-w', s.password];

function exit(child: ReturnType<typeof spawn>, what: string): Promise<number> {
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === null) reject(new Error(`${what} was killed: ${err}`));
      else resolve(code);
    });
  }).then((code) => {
    if (code !== 0 && code !== 32) throw new Error(`${what} exited ${code}: ${err.slice(0, 500)}`);
    return code as number;
  });
}

/** Writes every entry under `base` (user attributes, unwrapped lines, parents first) to `file`. */
export async function dumpLdif(slapd: Slapd, base: string, file: string): Promise<void> {
  const child = spawn('ldapsearch', [...auth(slapd), '-LLL', '-o', 'ldif-wrap=no', '-b', base, '(objectClass=*)'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(file);
  child.stdout!.pipe(out);
  await exit(child, 'ldapsearch (dump)');
  await new Promise<void>((resolve, reject) => out.close((e) => (e ? reject(e) : resolve())));
}

/** `ldapadd -f file` in its own process; resolves when it exits. */
export async function ldapaddFile(slapd: Slapd, file: string): Promise<void> {
  const child = spawn('ldapadd', [...auth(slapd), '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  await exit(child, `ldapadd -f ${file}`);
}

/** Whether one ldapsearch (its own process) finds an entry matching `filter` right under `base`. */
export async function seen(slapd: Slapd, base: string, filter: string): Promise<boolean> {
  const child = spawn('ldapsearch', [...auth(slapd), '-LLL', '-s', 'one', '-b', base, filter, '1.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const code = await exit(child, 'ldapsearch (poll)');
  return code === 0 && out.includes('dn:');
}
