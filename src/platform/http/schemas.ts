import Type, { type TSchema } from 'typebox';

/** Shared HTTP schema pieces: the problem document, ids, paging and dates. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    code: Type.String(),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), rule: Type.String(), message: Type.String() }), {
        description: 'Each field that failed and the rule it broke',
      }),
    ),
  },
  { additionalProperties: true, $id: 'Problem', description: 'RFC 9457 problem details' },
);

const problemRef = Type.Unsafe<{ type: string; title: string; status: number; detail: string; code: string }>(
  Type.Ref('Problem'),
);

/** The error responses every authenticated route may give. */
export const problems = {
  400: problemRef,
  401: problemRef,
  403: problemRef,
  404: problemRef,
  409: problemRef,
  412: problemRef,
  428: problemRef,
} as const;

/** A row id: a positive integer JavaScript holds exactly (bigint columns go further, JSON numbers do not). */
export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
/** The shared Id with its own description in the OpenAPI document. */
export const IdOf = (description: string) =>
  Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description });
export const IdParams = Type.Object({ id: Id });
export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const IsoDateTime = Type.String({ format: 'date-time' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const Ok = Type.Object({ ok: Type.Boolean() });
