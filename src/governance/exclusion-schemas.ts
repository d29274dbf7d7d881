import Type, { type Static } from 'typebox';
import { Id } from '../platform/http/schemas.ts';

/** HTTP shapes of separation-of-duties pairs. */
export const ExclusionBody = Type.Object(
  {
    leftGroupId: Id,
    rightGroupId: Id,
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false, description: 'the two groups nobody may hold both of (order does not matter)' },
);
export const ExclusionView = Type.Object({
  id: Type.Integer(),
  left: Type.Object({ id: Type.Integer(), name: Type.String() }),
  right: Type.Object({ id: Type.Integer(), name: Type.String() }),
  reason: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
});
export type ExclusionInput = Static<typeof ExclusionBody>;
export type ExclusionViewT = Static<typeof ExclusionView>;
