import type { Command } from 'commander';

/** `steward people …` commands (filled in with the capability). */
export function registerPeople(program: Command): void {
  void program;
}
