import type { FieldProblem } from './client.ts';

/**
 * What a person reads beside a field for a problem the server (or the form's own check) names by field and rule. The
 * schema validator's rules get a sentence of their own; its wording ("must NOT have fewer than 1 characters") is
 * never shown. Steward's own rules (a guest type's longest stay, a name taken) carry messages written for people and
 * are shown as they are, as a sentence.
 */
export function problemText(p: FieldProblem): string {
  const message = p.message.trim();
  // The validator's wording ("must …") and the server's bare fragments ("is required", "is taken already") are
  // replaced by a sentence for their rule; a message Steward wrote for people is shown as a sentence.
  if (message && !/^must\b/.test(message) && !/^is\b/.test(message)) return sentence(message);
  return ruleText(p.rule, message);
}

function ruleText(full: string, message: string): string {
  const [rule, detail] = full.split(':', 2);
  switch (rule) {
    case 'required':
      return 'Fill this in: it is required.';
    case 'minLength':
      return /fewer than 1 character/.test(message) ? 'Fill this in: it is required.' : 'This is too short.';
    case 'maxLength':
      return 'This is too long: shorten it.';
    case 'minItems':
      return 'Choose at least one.';
    case 'maxItems':
      return 'Too many are chosen: remove some.';
    case 'uniqueItems':
      return 'The same item is in the list twice.';
    case 'minimum':
    case 'exclusiveMinimum':
      return 'This number is too small.';
    case 'maximum':
    case 'exclusiveMaximum':
      return 'This number is too large.';
    case 'multipleOf':
      return 'Enter a whole number.';
    case 'type':
    case 'anyOf':
    case 'oneOf':
    case 'enum':
    case 'const':
      return 'This value is not one of those allowed here.';
    case 'pattern':
      return 'This is not in the expected form.';
    case 'format':
      return formatText(detail);
    case 'date-range':
      return 'Enter a real date (year, month and day).';
    case 'unknown-field':
      return 'This field is not expected here.';
    case 'unique':
      return 'This is taken already: choose another.';
    case 'exists':
      return 'This refers to something that does not exist (any more).';
    default:
      return /^is\b/.test(message) ? sentence(`this ${message}`) : 'Check this value.';
  }
}

function formatText(format: string | undefined): string {
  switch (format) {
    case 'date':
      return 'Enter a date (day, month and year).';
    case 'date-time':
      return 'Enter a date and a time.';
    case 'email':
      return 'Enter an email address, like name@example.org.';
    case 'uri':
    case 'url':
      return 'Enter a web address, like https://example.org/.';
    default:
      return 'This is not in the expected form.';
  }
}

/** A server message as a sentence: capital first letter, full stop at the end. */
function sentence(message: string): string {
  const text = message.trim();
  if (!text) return 'Check this value.';
  const first = text[0]!.toUpperCase() + text.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** The fields a form needs filled, as problems of the rule `required` (checked before anything is sent). */
export function missingFields(values: Record<string, unknown>, required: string[]): FieldProblem[] {
  return required
    .filter((name) => {
      const v = values[name];
      return (
        v === undefined ||
        v === null ||
        (typeof v === 'string' && v.trim() === '') ||
        (Array.isArray(v) && v.length === 0)
      );
    })
    .map((name) => ({ field: `/${name}`, rule: 'required', message: 'is required' }));
}
