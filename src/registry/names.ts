import anyAscii from 'any-ascii';

/**
 * Names as people type them, and the cleaned forms Steward searches and mints from.
 * Pure: no database, no clock.
 */
export interface PersonName {
  givenName: string;
  middleName?: string | null;
  familyName: string;
  preferredName?: string | null;
}

const apostrophes = /['’‘`´ʼ]/g;

/**
 * The searchable form of a name: ASCII (via any-ascii), lowercase, apostrophes dropped
 * ("O'Brien" → "obrien"), every other run of punctuation or space turned into one space.
 * Search, duplicate detection and the stored `people.search_name` all use this one rule,
 * so a query matches however the name was typed.
 */
export function cleanName(value: string | null | undefined): string {
  if (!value) return '';
  return anyAscii(value.normalize('NFC'))
    .toLowerCase()
    .replace(apostrophes, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * A name part squeezed to letters and digits only ("Anne-Marie" → "annemarie",
 * "van der Berg" → "vanderberg"), the material usernames and email local parts are built from.
 */
export function nameToken(value: string | null | undefined): string {
  return cleanName(value).replace(/ /g, '');
}

/**
 * What goes into `people.search_name`: given and family name first (so "Jon Finke" is one
 * contiguous run for word similarity), then the middle and a differing preferred name.
 */
export function searchName(name: PersonName): string {
  const given = cleanName(name.givenName);
  const preferred = cleanName(name.preferredName);
  const parts = [given, cleanName(name.familyName), cleanName(name.middleName)];
  if (preferred && preferred !== given) parts.push(preferred);
  return parts.filter(Boolean).join(' ');
}

/** How a person is addressed: the preferred name if they gave one, else the given name, then the family name. */
export function displayName(name: PersonName): string {
  const first = name.preferredName?.trim() || name.givenName.trim();
  return [first, name.familyName.trim()].filter(Boolean).join(' ');
}

/** Trims each name part and turns blank optional parts into null, so storage never holds "  ". */
export function tidyName<T extends PersonName>(name: T): T {
  const blankToNull = (v: string | null | undefined) =>
    v == null || v.trim() === '' ? null : v.trim().replace(/\s+/g, ' ');
  return {
    ...name,
    givenName: name.givenName.trim().replace(/\s+/g, ' '),
    familyName: name.familyName.trim().replace(/\s+/g, ' '),
    middleName: blankToNull(name.middleName),
    preferredName: blankToNull(name.preferredName),
  };
}
