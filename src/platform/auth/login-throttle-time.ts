/**
 * When failed sign-ins lock an account or an address, pure: a fixed window opens at the first failure and counts
 * the failures until it closes; once the count reaches the limit, attempts are refused until the window ends.
 */
export interface ThrottleWindow {
  /** When the first failure of the window was counted (ms since the epoch). */
  startMs: number;
  count: number;
}

export interface ThrottleLimits {
  /** Failures per account (counted across addresses). */
  perAccount: number;
  /** Failures per client address (counted across accounts). */
  perAddress: number;
  windowMs: number;
}

/** 10 failures per account and 30 per address in 15 minutes. */
export const defaultThrottleLimits: ThrottleLimits = { perAccount: 10, perAddress: 30, windowMs: 15 * 60_000 };

/** The window as it stands at `nowMs`: null once it has closed (or never opened). */
export function liveWindow(window: ThrottleWindow | undefined, nowMs: number, windowMs: number): ThrottleWindow | null {
  if (!window || nowMs >= window.startMs + windowMs || nowMs < window.startMs) return null;
  return window;
}

/** The window after one more failure at `nowMs`. */
export function countFailure(window: ThrottleWindow | undefined, nowMs: number, windowMs: number): ThrottleWindow {
  const live = liveWindow(window, nowMs, windowMs);
  return live ? { startMs: live.startMs, count: live.count + 1 } : { startMs: nowMs, count: 1 };
}

/** Milliseconds until the window closes (0 when it is closed). */
export function msLeft(window: ThrottleWindow | undefined, nowMs: number, windowMs: number): number {
  const live = liveWindow(window, nowMs, windowMs);
  return live ? live.startMs + windowMs - nowMs : 0;
}
