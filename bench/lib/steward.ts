import { systemActor } from '../../src/platform/auth/actor.ts';

/** Benchmarks call the real services in-process, as a system actor (so they are audited like any job). */
export const benchActor = systemActor('bench');
