import type { FieldProblem } from './errors.ts';

/** How the web UI shows dates and times: the institution's locale and time zone (configuration, read-only). */
export interface DisplaySettings {
  locale: string;
  timeZone: string;
}

/** A locale the runtime does not know, or a time zone that is not an IANA zone, each named by its setting. */
export function displaySettingsProblems(settings: DisplaySettings): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!Intl.DateTimeFormat.supportedLocalesOf([settings.locale]).length)
    problems.push({ field: '/locale', rule: 'locale', message: 'is not a locale this runtime knows (e.g. en-GB)' });
  try {
    new Intl.DateTimeFormat('en', { timeZone: settings.timeZone });
  } catch {
    problems.push({
      field: '/timeZone',
      rule: 'time-zone',
      message: 'is not a known IANA time zone (e.g. UTC, Europe/Helsinki)',
    });
  }
  return problems;
}
