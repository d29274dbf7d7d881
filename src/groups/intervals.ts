/**
 * Half-open time intervals [from, until) in epoch milliseconds (null = unbounded), each
 * carrying why it holds: the direct membership at its root and the path of groups from the
 * group holding that membership up to the group asked about. Pure.
 */
export interface Why {
  /** The direct membership at the root (null when a rule made the person a member). */
  membershipId: number | null;
  path: number[];
}

export interface Span {
  from: number | null;
  until: number | null;
  why: Why;
}

const lo = (x: number | null) => (x === null ? -Infinity : x);
const hi = (x: number | null) => (x === null ? Infinity : x);
const fromNum = (x: number) => (x === -Infinity ? null : x);
const untilNum = (x: number) => (x === Infinity ? null : x);

function order(a: Span, b: Span): number {
  return (
    lo(a.from) - lo(b.from) ||
    hi(a.until) - hi(b.until) ||
    (a.why.membershipId ?? 0) - (b.why.membershipId ?? 0) ||
    a.why.path.join(',').localeCompare(b.why.path.join(','))
  );
}

/**
 * Sorted, non-overlapping spans covering the same time; where spans overlap or touch, the
 * merged span keeps the why of the one that starts first (ties: lower membership id).
 */
export function normalise(spans: Span[]): Span[] {
  const sorted = spans.filter((s) => lo(s.from) < hi(s.until)).sort(order);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && lo(s.from) <= hi(last.until)) {
      if (hi(s.until) > hi(last.until)) last.until = s.until;
    } else {
      out.push({ from: s.from, until: s.until, why: s.why });
    }
  }
  return out;
}

export function union(a: Span[], b: Span[]): Span[] {
  return normalise([...a, ...b]);
}

/** The parts of `a` that `b` also covers; the why comes from `a`. */
export function intersect(a: Span[], b: Span[]): Span[] {
  const nb = normalise(b);
  const out: Span[] = [];
  for (const s of normalise(a)) {
    for (const t of nb) {
      const from = Math.max(lo(s.from), lo(t.from));
      const until = Math.min(hi(s.until), hi(t.until));
      if (from < until) out.push({ from: fromNum(from), until: untilNum(until), why: s.why });
    }
  }
  return normalise(out);
}

/** The parts of `a` that `b` does not cover; the why comes from `a`. */
export function subtract(a: Span[], b: Span[]): Span[] {
  const nb = normalise(b);
  const out: Span[] = [];
  for (const s of normalise(a)) {
    let cursor = lo(s.from);
    const end = hi(s.until);
    for (const t of nb) {
      if (hi(t.until) <= cursor || lo(t.from) >= end) continue;
      if (lo(t.from) > cursor) out.push({ from: fromNum(cursor), until: untilNum(lo(t.from)), why: s.why });
      cursor = Math.max(cursor, hi(t.until));
    }
    if (cursor < end) out.push({ from: fromNum(cursor), until: untilNum(end), why: s.why });
  }
  return normalise(out);
}

/** Spans cut to the window [from, until), with `groupId` appended to each path. */
export function within(spans: Span[], from: number | null, until: number | null, groupId: number): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const f = Math.max(lo(s.from), lo(from));
    const u = Math.min(hi(s.until), hi(until));
    if (f < u)
      out.push({
        from: fromNum(f),
        until: untilNum(u),
        why: { membershipId: s.why.membershipId, path: [...s.why.path, groupId] },
      });
  }
  return out;
}

/** True if the spans cover the instant `at`. */
export function covers(spans: Span[], at: number): boolean {
  return spans.some((s) => lo(s.from) <= at && at < hi(s.until));
}

/** Same intervals (ignoring why). */
export function sameTimes(a: Span[], b: Span[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((s, i) => s.from === b[i].from && s.until === b[i].until);
}

/** Same intervals and same why. */
export function sameSpans(a: Span[], b: Span[]): boolean {
  return (
    sameTimes(a, b) &&
    a.every((s, i) => s.why.membershipId === b[i].why.membershipId && s.why.path.join(',') === b[i].why.path.join(','))
  );
}
