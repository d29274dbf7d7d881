import { damm, luhn, mod11_2, mod97_10, verhoeff } from 'cdigit';

/**
 * Institution ID numbers: a prefix, a zero-padded counter value and a check digit, so a
 * mistyped number is caught at the desk instead of finding the wrong person. Pure.
 */
export const CHECK_ALGORITHMS = ['luhn', 'verhoeff', 'damm', 'mod11_2', 'mod97_10', 'none'] as const;
export type CheckAlgorithm = (typeof CHECK_ALGORITHMS)[number];

export interface IdNumberFormat {
  /** Uppercase letters or digits put in front, e.g. "S". */
  prefix: string;
  /** How many digits the counter is padded to. */
  digits: number;
  checkDigit: CheckAlgorithm;
  /** The first counter value ever issued. */
  start: number;
}

const algorithms = { luhn, verhoeff, damm, mod11_2, mod97_10 };

/** The check characters for a run of digits under an algorithm ('' for none). */
export function checkCharacters(algorithm: CheckAlgorithm, digits: string): string {
  return algorithm === 'none' ? '' : algorithms[algorithm].compute(digits);
}

/** The largest counter value the format can hold. */
export function maxCounter(format: IdNumberFormat): number {
  return 10 ** format.digits - 1;
}

/** The ID number for one counter value, e.g. 123 → "S00001230" (Luhn check digit 0). */
export function formatIdNumber(format: IdNumberFormat, counter: number): string {
  if (!Number.isInteger(counter) || counter < 0 || counter > maxCounter(format))
    throw new RangeError(`counter ${counter} does not fit ${format.digits} digits`);
  const body = String(counter).padStart(format.digits, '0');
  return `${format.prefix}${body}${checkCharacters(format.checkDigit, body)}`;
}

/** True if a value has this format's shape and a correct check digit. */
export function isValidIdNumber(format: IdNumberFormat, value: string): boolean {
  if (!value.startsWith(format.prefix)) return false;
  const rest = value.slice(format.prefix.length);
  const body = rest.slice(0, format.digits);
  if (!/^\d+$/.test(body) || body.length !== format.digits) return false;
  return rest.slice(format.digits) === checkCharacters(format.checkDigit, body);
}
