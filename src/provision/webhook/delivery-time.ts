/**
 * When a failed webhook delivery is tried again (pure). After the n-th failed attempt the
 * delivery waits 5 s, 30 s, 2 min, 10 min, 30 min, then 1 h for every attempt after, each
 * spread by ±10 % so that deliveries failing together do not all come back together.
 */
const delaysSeconds = [5, 30, 120, 600, 1800, 3600];

/** The jitter: ±10 % of the delay. */
export const jitterFraction = 0.1;

/**
 * The wait after `attempts` failed attempts (1 = the first failure), in milliseconds.
 * `random` is a number in [0, 1) from the caller (0.5 gives the plain delay).
 */
export function retryDelayMs(attempts: number, random: number): number {
  const index = Math.min(Math.max(attempts, 1), delaysSeconds.length) - 1;
  const spread = 1 + (Math.min(Math.max(random, 0), 1) * 2 - 1) * jitterFraction;
  return Math.round(delaysSeconds[index] * 1000 * spread);
}

export function nextAttemptAt(now: Date, attempts: number, random: number): Date {
  return new Date(now.getTime() + retryDelayMs(attempts, random));
}

/** A delivery that has failed `attempts` times is dead-lettered once it reaches the target's maximum. */
export function isDead(attempts: number, maxAttempts: number): boolean {
  return attempts >= Math.max(maxAttempts, 1);
}
