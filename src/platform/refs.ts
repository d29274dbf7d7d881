/**
 * A reference given as text that may be an id (all digits) or a name/code. Digits past the
 * safe integers are no id any table holds (and would overflow a bigint parameter), so they
 * are not taken as one: the caller then treats the text as a name, or as unknown.
 */
export function idOf(ref: string): number | null {
  if (!/^\d+$/.test(ref)) return null;
  const id = Number(ref);
  return Number.isSafeInteger(id) ? id : null;
}
