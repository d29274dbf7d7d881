import Type, { type Static } from 'typebox';

/** HTTP shape of a group's governed memberships with their grace state (for the group page's members list). */
const Kind = Type.Union([
  Type.Literal('job'),
  Type.Literal('department'),
  Type.Literal('leaving'),
  Type.Literal('requirement'),
]);
const Level = Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('custom')]);
const FactValue = Type.Union([Type.Null(), Type.String(), Type.Array(Type.String()), Type.Array(Type.Integer())]);

export const MemberGrace = Type.Object({
  groupId: Type.Integer(),
  governed: Type.Boolean({ description: 'a policy governs the group now' }),
  policy: Type.Union([Type.Null(), Type.Object({ id: Type.Integer(), name: Type.String(), level: Level })]),
  memberships: Type.Array(
    Type.Object({
      membershipId: Type.Integer(),
      personId: Type.Integer(),
      policyId: Type.Integer(),
      grace: Type.Union([
        Type.Null(),
        Type.Object({
          kind: Kind,
          fact: Type.String(),
          from: FactValue,
          to: FactValue,
          seenAt: Type.String(),
          endsAt: Type.String({ description: 'the end the grace gives the membership' }),
          sentence: Type.String(),
          notified: Type.Boolean(),
        }),
      ]),
      held: Type.Boolean({ description: 'a loss of eligibility waits in a mass-loss hold' }),
    }),
    { description: 'every governed membership of the group (facts stored at grant), with its grace when one runs' },
  ),
});

export type MemberGraceView = Static<typeof MemberGrace>;
