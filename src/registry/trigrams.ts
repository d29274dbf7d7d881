/**
 * Trigram similarity as PostgreSQL's pg_trgm computes it (words padded with two spaces in
 * front and one behind; |shared| / |union|), so duplicate scores computed in TypeScript
 * agree with what the trigram index found. Pure.
 */
export function trigrams(text: string): Set<string> {
  const set = new Set<string>();
  for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (!word) continue;
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i += 1) set.add(padded.slice(i, i + 3));
  }
  return set;
}

/** pg_trgm's similarity(a, b): 0 (nothing shared) to 1 (same trigrams). */
export function similarity(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const t of x) if (y.has(t)) shared += 1;
  return shared / (x.size + y.size - shared);
}
