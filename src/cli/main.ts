import { enableCompileCache } from 'node:module';

// Node keeps the compiled code of Steward's ~1,700 modules on disk (the system temporary directory, or
// NODE_COMPILE_CACHE): a restart loads them faster. Enabled before the program's modules are imported.
enableCompileCache();
const { runSteward } = await import('./program.ts');

// `steward …` as a program: a failing command ends the process with its code; a server
// started by `steward serve` keeps it running.
const code = await runSteward(process.argv.slice(2));
if (code !== 0) process.exit(code);
