/**
 * The only source of "now" in Steward. Everything that depends on time takes a Clock,
 * so lifecycles, expiries and tokens are tested by moving the clock, never by waiting.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved; used by tests and simulations. */
export class ManualClock implements Clock {
  #at: number;
  constructor(start: Date | string) {
    this.#at = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#at);
  }
  set(at: Date | string): void {
    this.#at = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.#at += ms;
  }
  advanceDays(days: number): void {
    this.advance(days * 86_400_000);
  }
}
