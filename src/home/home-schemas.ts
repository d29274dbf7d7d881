import Type, { type Static } from 'typebox';
import { IsoDate, Nullable } from '../platform/http/schemas.ts';

/**
 * A person's home page, "what needs me": each item the account may see with its count (null: the account is not one
 * who acts on it, e.g. provisioning errors for someone who does not operate provisioning).
 */
export const HomeView = Type.Object(
  {
    approvals: Type.Object({ count: Type.Integer({ description: 'requests waiting for your decision (GET /inbox)' }) }),
    reviews: Type.Object({
      count: Type.Integer({ description: 'undecided access review items assigned to you, in open campaigns' }),
      campaigns: Type.Array(
        Type.Object({ id: Type.Integer(), label: Type.String(), undecided: Type.Integer(), deadline: Type.String() }),
      ),
    }),
    expiringGuests: Type.Object({
      count: Type.Integer({
        description: 'guests you vouch for (guarantor or sponsor) whose stay ends within `within`',
      }),
      within: Type.Integer({ description: 'days from today' }),
      items: Type.Array(
        Type.Object({ guestId: Type.Integer(), personName: Type.String(), validTo: IsoDate, state: Type.String() }),
        { description: 'the first ten, soonest first' },
      ),
    }),
    heldSnapshots: Nullable(
      Type.Object({ count: Type.Integer({ description: 'snapshots the safety valve held for a decision' }) }),
    ),
    provisioning: Nullable(
      Type.Object({
        errors: Type.Integer({ description: 'objects a target failed to provision (waiting or retrying)' }),
        heldTargets: Type.Integer({ description: 'targets held because a pass would retire too many accounts' }),
      }),
    ),
  },
  { additionalProperties: false },
);
export type HomeView = Static<typeof HomeView>;
