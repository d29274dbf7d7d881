import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, StewardError } from '../platform/errors.ts';
import { applyConfig } from './config-apply.ts';
import { canonicalDocument, unappliableProblems } from './config-canonical-rules.ts';
import { documentProblems } from './config-check-rules.ts';
import { type ConfigDiff, diffConfig } from './config-diff-rules.ts';
import type { ConfigDocument } from './config-document.ts';
import { readConfig } from './config-export-store.ts';
import { pathsOf, withLines } from './config-paths.ts';
import { nestedTransaction } from './nested-transaction.ts';

/** A document as sent: its value, and for a YAML text the line each JSON pointer starts on. */
export interface SentDocument {
  value: unknown;
  lineOf?: (pointer: string) => number | undefined;
}

/**
 * The configuration as a file (issue 16, point 6): export it, show what loading a document would change, load it in
 * one transaction or not at all. Auditors export and diff; only system administrators apply.
 */
export function createConfigFileService(deps: ServiceDeps & { afterApply?: () => Promise<void> }) {
  async function exportConfig(actor: Actor): Promise<ConfigDocument> {
    authorise(actor, 'config:export');
    return readConfig(deps, actor);
  }

  /** The document checked (shape, unique keys, references, cycles) and in its written form. */
  function checked(sent: SentDocument): ConfigDocument {
    assertNoProblems(documentProblems(sent.value));
    return canonicalDocument(sent.value as ConfigDocument);
  }

  async function named<T>(sent: SentDocument, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw e instanceof StewardError && sent.lineOf ? withLines(e, sent.lineOf) : e;
    }
  }

  /** What applying the document would change, section by section; nothing is written. */
  async function diff(actor: Actor, sent: SentDocument): Promise<ConfigDiff> {
    authorise(actor, 'config:export');
    return named(sent, async () => {
      const desired = checked(sent);
      const result = diffConfig(await readConfig(deps, actor), desired);
      assertNoProblems(unappliableProblems(result));
      return result;
    });
  }

  /** Applies the document through the capabilities' use cases in one transaction; any refusal changes nothing. */
  async function apply(actor: Actor, sent: SentDocument): Promise<ConfigDiff> {
    authorise(actor, 'config:apply');
    const result = await named(sent, async () => {
      const desired = checked(sent);
      return deps.db.transaction().execute(async (trx) => {
        const scoped = { ...deps, db: nestedTransaction(trx) };
        const current = await readConfig(scoped, actor);
        const changes = diffConfig(current, desired);
        assertNoProblems(unappliableProblems(changes));
        await applyConfig(scoped, actor, current, desired, changes, pathsOf(sent.value));
        return changes;
      });
    });
    await deps.afterApply?.();
    return result;
  }

  return { exportConfig, diff, apply };
}
