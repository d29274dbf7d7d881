import Type, { type Static } from 'typebox';

/** HTTP shapes of /schedule: a job's schedule and last run, a change to it, and a run's report. */
const Stamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const ScheduledJob = Type.Object(
  {
    name: Type.String(),
    description: Type.String(),
    cron: Type.String({ description: 'five fields: minute hour day-of-month month weekday' }),
    timeZone: Type.String(),
    enabled: Type.Boolean(),
    nextRunAt: Stamp,
    lastSlot: Stamp,
    lastStartedAt: Stamp,
    lastFinishedAt: Stamp,
    lastOutcome: Type.Union([Type.Literal('succeeded'), Type.Literal('failed'), Type.Null()]),
    lastSummary: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    lastError: Type.Union([Type.String(), Type.Null()]),
    failures: Type.Integer(),
    version: Type.Integer(),
  },
  { $id: 'ScheduledJob' },
);

export const ScheduleBody = Type.Object(
  {
    cron: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const RunReport = Type.Object({
  job: Type.String(),
  outcome: Type.Union([Type.Literal('succeeded'), Type.Literal('failed')]),
  idle: Type.Boolean({ description: 'the job found nothing to do' }),
  slot: Stamp,
  summary: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});

export const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });

export type ScheduledJob = Static<typeof ScheduledJob>;
export type ScheduleBody = Static<typeof ScheduleBody>;
export type RunReport = Static<typeof RunReport>;
