import Type, { type Static } from 'typebox';
import type { FieldProblem } from '../platform/errors.ts';
import { problemsOf } from '../platform/validate.ts';
import { CHECK_ALGORITHMS } from './id-number.ts';
import { type ParsedPattern, parsePattern } from './username-patterns.ts';

/**
 * How Steward mints identifiers, as data an administrator edits (GET/PUT /settings/minting).
 * Pure: the schema, the defaults and the checks that go beyond the schema.
 */
const Patterns = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  minItems: 1,
  maxItems: 20,
  description: 'tried in order; {n} (last in a pattern) takes the first free number',
});

export const MintingSettingsSchema = Type.Object(
  {
    idNumber: Type.Object(
      {
        prefix: Type.String({
          pattern: '^[A-Z0-9]{0,8}$',
          description: 'uppercase letters or digits before the number',
        }),
        digits: Type.Integer({ minimum: 4, maximum: 12 }),
        checkDigit: Type.Enum(CHECK_ALGORITHMS),
        start: Type.Integer({
          minimum: 0,
          description: 'first counter value; raising it skips ahead, lowering it never reissues',
        }),
      },
      { additionalProperties: false },
    ),
    username: Type.Object(
      {
        patterns: Patterns,
        maxLength: Type.Integer({ minimum: 3, maximum: 64 }),
      },
      { additionalProperties: false },
    ),
    email: Type.Object(
      {
        patterns: Patterns,
        domain: Type.String({
          pattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$',
          description: 'lowercase domain of minted addresses',
        }),
        maxLocalLength: Type.Integer({ minimum: 3, maximum: 64 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type MintingSettings = Static<typeof MintingSettingsSchema>;

export const defaultMintingSettings: MintingSettings = {
  idNumber: { prefix: 'S', digits: 7, checkDigit: 'luhn', start: 1 },
  username: { patterns: ['{g1}{family}', '{g1}{m1}{family}', '{given}{f1}', '{g1}{family}{n}'], maxLength: 8 },
  email: { patterns: ['{given}.{family}', '{given}.{family}{n}'], domain: 'example.edu', maxLocalLength: 64 },
};

/** Characters a pattern may contain outside its tokens. */
export const literalChars = { username: /^[a-z0-9._-]+$/, email: /^[a-z0-9._+-]+$/ } as const;

/** Every problem with a settings document: the schema's, then each pattern's syntax. */
export function mintingSettingsProblems(value: unknown): FieldProblem[] {
  const problems = problemsOf(MintingSettingsSchema, value);
  if (problems.length) return problems;
  const settings = value as MintingSettings;
  for (const kind of ['username', 'email'] as const) {
    settings[kind].patterns.forEach((p, i) => {
      const { error } = parsePattern(p, literalChars[kind]);
      if (error) problems.push({ field: `/${kind}/patterns/${i}`, rule: 'pattern-syntax', message: error });
    });
  }
  return problems;
}

export interface NamePatternPlan {
  patterns: ParsedPattern[];
  maxLength: number;
  /** Appended after the local part ("@example.edu" for email, "" for usernames). */
  suffix: string;
}

/** The parsed patterns, length limit and suffix for minting usernames or email addresses. */
export function patternPlan(settings: MintingSettings, kind: 'username' | 'email'): NamePatternPlan {
  const section = settings[kind];
  const patterns = section.patterns.map((p) => parsePattern(p, literalChars[kind]).pattern!).filter(Boolean);
  return kind === 'email'
    ? { patterns, maxLength: settings.email.maxLocalLength, suffix: `@${settings.email.domain}` }
    : { patterns, maxLength: settings.username.maxLength, suffix: '' };
}
