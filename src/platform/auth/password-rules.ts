import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import type { FieldProblem } from '../errors.ts';

/**
 * What a chosen password must be, pure: at least 12 characters, not blank, and not guessable by the strength
 * estimator (score 3 of 4 or better: about 10^8 guesses or more), judged with the account's own name and username
 * as words an attacker would try first. Generated passwords (the first administrator's, temporary accounts') are not
 * chosen and are not checked here.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MIN_PASSWORD_SCORE = 3;

// Built on the first password checked, not at start: ranking the dictionaries takes seconds of CPU.
let estimator: ZxcvbnFactory | undefined;
function estimatorOf(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
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
