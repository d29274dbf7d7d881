/**
 * Everything a benchmark creates (databases, temporary directories) registers how to undo
 * it here, so an error, Ctrl+C or SIGTERM still drops the databases and removes the files.
 */
type Undo = () => Promise<void> | void;

const pending = new Map<number, { label: string; undo: Undo }>();
let nextId = 1;
let installed = false;
let interruptedBy: string | null = null;

/** The signal that stopped the run, if one did (errors after it are its consequence, not news). */
export function interrupted(): string | null {
  return interruptedBy;
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interruptedBy = signal;
      process.stderr.write(`\n${signal}: cleaning up ${pending.size} resource(s)…\n`);
      void runAll().finally(() => process.exit(130));
    });
  }
}

/** Registers an undo step; the returned function runs it once and unregisters it. */
export function onCleanup(label: string, undo: Undo): () => Promise<void> {
  install();
  const id = nextId++;
  pending.set(id, { label, undo });
  return async () => {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    await entry.undo();
  };
}

/** Runs every registered undo step, newest first, reporting (not throwing) failures. */
export async function runAll(): Promise<void> {
  const entries = [...pending.entries()].reverse();
  pending.clear();
  for (const [, { label, undo }] of entries) {
    try {
      await undo();
    } catch (e) {
      process.stderr.write(`cleanup of ${label} failed: ${(e as Error).message}\n`);
    }
  }
}
