import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * The server's bundle: the CLI and server modules (~1,500 TypeScript files) in a few JavaScript files built by
 * rolldown (Vite's bundler), so a restart does not resolve, type-strip and link each module (issue 19). What a
 * command loads on demand (the server, the demo) stays in chunks of its own, loaded when first imported; the npm
 * packages stay external, loaded from node_modules as before. `bin/steward.js` runs the bundle when it is fresh (no
 * module it holds changed since it was built), else the source; `steward serve` builds it first when it is stale.
 *
 *   node scripts/build-server.ts [--force]    build dist/server unless it is fresh (npm start and npm run build run it)
 */

const here = dirname(import.meta.filename);
export const root = join(here, '..');
export const bundleDir = join(root, 'dist', 'server');
/** The file to run: `steward.mjs` in the bundle's directory. */
export const entryOf = (dir = bundleDir) => join(dir, 'steward.mjs');
export const bundleEntry = entryOf();
const manifestOf = (dir: string) => join(dir, 'manifest.json');

interface Manifest {
  /** Time the build started (ms since the epoch): a module changed at or after it makes the bundle stale. */
  startedAt: number;
  /** The project's files the bundle holds, relative to the root. */
  inputs: string[];
}

/** True when the bundle exists and none of the files it was built from changed (or went) since. */
export function bundleIsFresh(dir = bundleDir): boolean {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestOf(dir), 'utf8')) as Manifest;
    statSync(entryOf(dir));
  } catch {
    return false;
  }
  for (const input of manifest.inputs) {
    try {
      if (statSync(join(root, input)).mtimeMs >= manifest.startedAt) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Writes a file whole or not at all, so a process starting meanwhile never reads half of it. */
function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/**
 * Builds dist/server. Several processes may build at once (processes started together): each writes whole files and
 * the chunks are named by their content, so any entry read finds the chunks it names.
 */
export async function buildServerBundle(dir = bundleDir): Promise<{ files: number; inputs: number; ms: number }> {
  const started = Date.now();
  // Rolldown is a dependency of Vite (a development dependency): absent on an install without them, where the
  // source runs instead.
  const { rolldown } = await import('rolldown');
  const bundle = await rolldown({
    input: { steward: join(root, 'src', 'cli', 'main.ts') },
    platform: 'node',
    // npm packages and Node's own modules stay imports: packages read files beside themselves (PGlite's WebAssembly,
    // Swagger UI's assets) and load at first use as before.
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
    logLevel: 'warn',
  });
  try {
    const { output } = await bundle.generate({
      format: 'esm',
      entryFileNames: '[name].mjs',
      chunkFileNames: 'chunks/[name]-[hash].mjs',
      keepNames: true,
    });
    const inputs = new Set<string>();
    const written = new Set<string>();
    // Chunks first, the entry last: a process that reads the new entry finds every chunk it names.
    const ordered = [...output].sort(
      (a, b) => Number(a.fileName === 'steward.mjs') - Number(b.fileName === 'steward.mjs'),
    );
    for (const file of ordered) {
      if (file.type !== 'chunk') continue;
      for (const id of file.moduleIds)
        if (id.startsWith(root) && !id.includes('/node_modules/')) inputs.add(relative(root, id));
      writeAtomically(join(dir, file.fileName), file.code);
      written.add(file.fileName);
    }
    writeAtomically(
      manifestOf(dir),
      JSON.stringify({ startedAt: started, inputs: [...inputs].sort() } satisfies Manifest),
    );
    removeOldChunks(dir, written);
    return { files: written.size, inputs: inputs.size, ms: Date.now() - started };
  } finally {
    await bundle.close();
  }
}

/** Chunks no longer named, once old enough that no process starting from an earlier entry still loads them. */
function removeOldChunks(dir: string, current: Set<string>): void {
  const chunks = join(dir, 'chunks');
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(chunks)) {
    const file = join(chunks, name);
    if (current.has(`chunks/${name}`)) continue;
    try {
      if (statSync(file).mtimeMs < hourAgo) rmSync(file, { force: true });
    } catch {
      // removed by another build meanwhile
    }
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  if (!process.argv.includes('--force') && bundleIsFresh()) console.log(`${relative(root, bundleDir)}: up to date`);
  else {
    const built = await buildServerBundle();
    console.log(`${relative(root, bundleDir)}: ${built.files} files from ${built.inputs} modules in ${built.ms} ms`);
  }
}
