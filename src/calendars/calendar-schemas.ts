import Type, { type Static } from 'typebox';
import { Id, IsoDate, Nullable } from '../platform/http/schemas.ts';
import { calendarDefinitionSchema, durationUnits } from './calendar-rules.ts';

/** Shapes of the calendar routes (calendar-routes.ts); the service, the CLI and the web use their types. */
const Name = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9-]*$', description: 'permanent key' });

export const CalendarBody = Type.Object(
  {
    name: Name,
    label: Type.String({ minLength: 1, maxLength: 200 }),
    orgId: Type.Optional(Nullable(Id)),
    definition: calendarDefinitionSchema,
  },
  { additionalProperties: false },
);
export type CalendarBody = Static<typeof CalendarBody>;

export const CalendarPatch = Type.Object(
  {
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    definition: Type.Optional(calendarDefinitionSchema),
  },
  { additionalProperties: false },
);
export type CalendarPatch = Static<typeof CalendarPatch>;

export const CalendarView = Type.Object({
  id: Id,
  name: Type.String(),
  label: Type.String(),
  orgId: Nullable(Id),
  orgCode: Nullable(Type.String({ description: 'the unit whose subtree it applies to; null: the whole institution' })),
  definition: calendarDefinitionSchema,
  version: Type.Integer(),
});
export type CalendarView = Static<typeof CalendarView>;

export const DurationUnit = Type.Unsafe<(typeof durationUnits)[number]>({
  type: 'string',
  enum: [...durationUnits],
  description: 'days: calendar days; working-days: working days; end-of-term: the end of the term, amount terms later',
});

const resolveFields = {
  from: IsoDate,
  amount: Type.Integer({ minimum: -3660, maximum: 3660 }),
  unit: DurationUnit,
};

export const ResolveQuery = Type.Object(resolveFields, { additionalProperties: false });
export type ResolveQuery = Static<typeof ResolveQuery>;

export const ResolveForUnitQuery = Type.Object(
  { ...resolveFields, orgUnit: Type.Optional(Id) },
  { additionalProperties: false },
);
export type ResolveForUnitQuery = Static<typeof ResolveForUnitQuery>;

export const Resolved = Type.Object({
  from: IsoDate,
  amount: Type.Integer(),
  unit: DurationUnit,
  date: IsoDate,
  calendar: Nullable(Type.Object({ id: Id, name: Type.String(), label: Type.String() })),
});
export type Resolved = Static<typeof Resolved>;
