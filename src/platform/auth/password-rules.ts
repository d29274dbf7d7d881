import { createRequire } from 'node:module';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type { FieldProblem } from '../errors.ts';

/**
 * What a chosen password must be, pure: at least 12 characters, not blank, and not guessable by the strength
 * estimator (score 3 of 4 or better: about 10^8 guesses or more), judged with the account's own name and username
 * as words an attacker would try first. Generated passwords (the first administrator's, temporary accounts') are not
 * chosen and are not checked here.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MIN_PASSWORD_SCORE = 3;

// Loaded and built on the first password checked, not at start: loading the estimator and its dictionaries takes
// about 0.13 s of CPU, ranking them seconds. Required (their CommonJS builds) so that the check stays synchronous.
const require = createRequire(import.meta.url);
let estimator: ZxcvbnFactory | undefined;
function estimatorOf(): ZxcvbnFactory {
  if (estimator) return estimator;
  const { ZxcvbnFactory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
  const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  const english = require('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en');
  estimator = new ZxcvbnFactory({
    translations: english.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
  });
  return estimator;
}

/** The problems with a password someone chose (empty when it may be used); `field` names it in the form. */
export function passwordProblems(password: string, userInputs: string[] = [], field = '/password'): FieldProblem[] {
  if (password.trim() === '') return [{ field, rule: 'strength', message: 'must not be blank or only spaces' }];
  if (password.length < MIN_PASSWORD_LENGTH)
    return [{ field, rule: 'minLength', message: `must be at least ${MIN_PASSWORD_LENGTH} characters` }];
  const result = estimatorOf().check(
    password,
    userInputs.filter((s) => s.length > 0),
  );
  if (result.score >= MIN_PASSWORD_SCORE) return [];
  const why = [result.feedback.warning, ...result.feedback.suggestions].filter((s): s is string => !!s);
  const advice = why.length ? `: ${why.join(' ')}` : ': add more words or characters that are hard to guess';
  return [{ field, rule: 'strength', message: `is too easy to guess${advice}` }];
}
