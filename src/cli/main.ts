import { runSteward } from './program.ts';

// `steward …` as a program: a failing command ends the process with its code; a server
// started by `steward serve` keeps it running.
const code = await runSteward(process.argv.slice(2));
if (code !== 0) process.exit(code);
