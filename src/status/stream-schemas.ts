import Type, { type Static } from 'typebox';
import { IsoDate, IsoDateTime, Nullable, Id } from '../platform/http/schemas.ts';
import { fieldTypes, type FieldType, type FieldValue } from './stream-fields.ts';

/** HTTP shapes of auxiliary status streams: streams, their fields, values per status type, and the two questions. */
const Name = Type.String({
  pattern: '^[a-z][a-z0-9_-]{0,31}$',
  description: '1-32 lowercase letters, digits, dashes or underscores',
});
// Any JSON, checked by the service against the field's type (a union here would let the
// validator's type coercion turn 28 into "28" before the field's type is known).
const Value = Type.Unsafe<FieldValue>({ description: "a string, number or boolean, as the field's type says" });
const NullableValue = Type.Unsafe<FieldValue | null>({ description: "a value as the field's type says, or null" });
const Type_ = Type.Unsafe<FieldType>({ type: 'string', enum: [...fieldTypes] });

export const StreamParams = Type.Object({ name: Name });
export const StreamFieldParams = Type.Object({ name: Name, field: Name });
export const PersonStreamParams = Type.Object({ id: Id, name: Name });

export const FieldBody = Type.Object(
  {
    name: Name,
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    type: Type_,
    options: Type.Optional(
      Type.Array(Type.String({ maxLength: 1000 }), { description: 'the allowed values of an enum field' }),
    ),
    length: Type.Optional(Nullable(Type.Integer({ description: 'longest text or enum value' }))),
    default: Type.Optional(NullableValue),
    displayRank: Type.Optional(Type.Integer({ description: 'column order in the form, lowest first' })),
  },
  { additionalProperties: false },
);
export const FieldUpdateBody = Type.Omit(FieldBody, ['name'], { additionalProperties: false });

export const StreamBody = Type.Object(
  {
    name: Name,
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    accessRole: Type.String({
      minLength: 1,
      maxLength: 32,
      description: 'the office whose holders manage the values, e.g. "library"',
    }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    fields: Type.Optional(Type.Array(FieldBody)),
  },
  { additionalProperties: false },
);
export const StreamUpdateBody = Type.Object(
  {
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    accessRole: Type.String({ minLength: 1, maxLength: 32 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const StreamField = Type.Object({
  name: Type.String(),
  label: Type.String(),
  type: Type_,
  options: Type.Array(Type.String()),
  length: Nullable(Type.Integer()),
  default: NullableValue,
  displayRank: Type.Integer(),
  version: Type.Integer(),
});

export const Stream = Type.Object({
  name: Type.String(),
  label: Type.String(),
  accessRole: Type.String(),
  description: Type.String(),
  fields: Type.Array(StreamField),
  version: Type.Integer({ description: 'covers the stream, its fields and its values' }),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

export const StreamValues = Type.Object({
  stream: Type.String(),
  label: Type.String(),
  accessRole: Type.String(),
  version: Type.Integer(),
  fields: Type.Array(StreamField),
  rows: Type.Array(
    Type.Object({
      statusTypeId: Type.Integer(),
      statusType: Type.String(),
      rank: Type.Integer(),
      values: Type.Record(Type.String(), NullableValue, { description: 'each field: the value set, else its default' }),
      set: Type.Array(Type.String(), { description: 'fields with a value set for this status type' }),
    }),
  ),
  abilities: Type.Object({
    setValues: Type.Boolean({ description: "the caller may set the values (the stream's office or a sysadmin)" }),
  }),
});

export const StreamValuesBody = Type.Object(
  {
    values: Type.Record(Type.String({ pattern: '^[0-9]+$' }), Type.Record(Type.String(), NullableValue), {
      description: 'status type id → field → value; null clears a value back to the default',
    }),
  },
  { additionalProperties: false },
);

export const SelectionQuery = Type.Object({
  field: Type.String({ minLength: 1, maxLength: 32 }),
  value: Type.String({ maxLength: 1000 }),
  on: Type.Optional(IsoDate),
});
export const WhoQuery = Type.Object(
  {
    ...SelectionQuery.properties,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);

const Because = Type.Object({
  statusTypeId: Type.Integer(),
  statusType: Type.String(),
  start: Nullable(IsoDate),
  end: Nullable(IsoDate),
});

export const WhoPage = Type.Object({
  stream: Type.String(),
  field: Type.String(),
  value: Value,
  on: IsoDate,
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({ personId: Type.Integer(), displayName: Type.String(), because: Type.Array(Because) }),
  ),
});

export const HasAnswer = Type.Object({
  personId: Type.Integer(),
  stream: Type.String(),
  field: Type.String(),
  value: Value,
  on: IsoDate,
  has: Type.Boolean(),
  because: Type.Array(Because, { description: 'the statuses held that day whose value is the one asked for' }),
});

export type Stream = Static<typeof Stream>;
export type StreamField = Static<typeof StreamField>;
export type StreamValues = Static<typeof StreamValues>;
export type WhoPage = Static<typeof WhoPage>;
export type HasAnswer = Static<typeof HasAnswer>;
