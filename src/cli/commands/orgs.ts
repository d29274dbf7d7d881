import type { Command } from 'commander';

/** `steward orgs …` commands (filled in with the capability). */
export function registerOrgs(program: Command): void {
  void program;
}
