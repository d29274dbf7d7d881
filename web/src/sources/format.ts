import { ApiError } from '../api/client.ts';
import { fieldPath } from '../api/problems.ts';

/** How the hold threshold (a share, 0 < t ≤ 1) is shown and typed: as a percentage. */
export function formatShare(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}

/** "12.5" → 0.125; blank → undefined (the server's default). Anything typed is sent, so the server judges it. */
export function shareOf(percent: string): number | undefined {
  const text = percent.trim().replace(',', '.');
  if (text === '') return undefined;
  return Number(text) / 100;
}

export function percentOf(share: number): string {
  return String(Math.round(share * 10000) / 100);
}

/** "staff, student" → ["staff", "student"]. */
export function kindsOf(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((k) => k.trim())
    .filter(Boolean);
}

const percentMessages: Record<string, string> = {
  maximum: 'must be at most 100 %',
  exclusiveMinimum: 'must be more than 0 %',
  minimum: 'must be more than 0 %',
  'exclusive-minimum': 'must be more than 0 %',
};

/**
 * The server judges the threshold as a share (≤ 1); the form asks for a percentage. Its
 * problems with the threshold are reworded in percent, so "150" is not answered "must be <= 1".
 */
export function inPercent(error: unknown): unknown {
  if (!(error instanceof ApiError) || !error.fieldProblems.some((p) => fieldPath(p.field) === 'holdThreshold'))
    return error;
  const errors = error.fieldProblems.map((p) =>
    fieldPath(p.field) === 'holdThreshold'
      ? { ...p, message: percentMessages[p.rule] ?? `${p.message} (as a share of 1 = 100 %)` }
      : p,
  );
  const detail = error.problem.detail.replace(
    /(body)?\/holdThreshold must be <= 1/,
    'the hold threshold must be at most 100 %',
  );
  return new ApiError({ ...error.problem, detail, errors });
}
