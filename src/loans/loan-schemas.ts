import Type, { type Static } from 'typebox';
import { IsoDateTime, Nullable, Id, IdOf } from '../platform/http/schemas.ts';

/** HTTP shapes of temporary accounts, pools, loans, renewals and the loan settings. */
const AccountState = Type.Union([Type.Literal('free'), Type.Literal('lent'), Type.Literal('retired')]);

export const Account = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  orgId: Nullable(Type.Integer()),
  orgCode: Nullable(Type.String()),
  state: AccountState,
  currentLoanId: Nullable(Type.Integer()),
  secretChangedAt: IsoDateTime,
  version: Type.Integer(),
  abilities: Type.Object(
    { retire: Type.Boolean() },
    { description: 'what the caller may do with the account now (loan-policy.ts)' },
  ),
});

export const AccountBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 63, description: 'the network account name, e.g. temp-comp-01' }),
    orgId: Type.Unsafe<number | null>({
      type: ['integer', 'null'],
      minimum: 1,
      description: 'the department whose pool it joins; null for the global pool',
    }),
  },
  { additionalProperties: false },
);

export const AccountQuery = Type.Object({
  orgId: Type.Optional(Id),
  pool: Type.Optional(Type.Union([Type.Literal('global'), Type.Literal('department')])),
  state: Type.Optional(AccountState),
});

export const Pools = Type.Object({
  global: Type.Object({
    free: Type.Integer(),
    lent: Type.Integer(),
    retired: Type.Integer(),
    lowWater: Type.Integer(),
    low: Type.Boolean({ description: 'fewer free accounts than the low-water mark' }),
  }),
  departments: Type.Array(
    Type.Object({
      orgId: Nullable(Type.Integer()),
      orgCode: Nullable(Type.String()),
      orgName: Nullable(Type.String()),
      free: Type.Integer(),
      lent: Type.Integer(),
      retired: Type.Integer(),
      borrowedFromGlobal: Type.Integer(),
      abilities: Type.Object(
        { lend: Type.Boolean(), addAccount: Type.Boolean() },
        { description: 'what the caller may do with this pool' },
      ),
    }),
  ),
  abilities: Type.Object(
    {
      lend: Type.Boolean({ description: 'lend for some department' }),
      addAccount: Type.Boolean(),
      changeSettings: Type.Boolean({ description: 'the low-water mark and alert addresses' }),
      sweep: Type.Boolean({ description: 'end every loan whose time is up' }),
    },
    { description: 'what the caller may do with the pools (loan-policy.ts)' },
  ),
});

const Renewal = Type.Object({
  previousEndsAt: IsoDateTime,
  endsAt: IsoDateTime,
  at: IsoDateTime,
  actor: Type.String(),
  comment: Nullable(Type.String()),
});

export const Loan = Type.Object({
  id: Type.Integer(),
  accountId: Type.Integer(),
  username: Type.String(),
  orgId: Type.Integer(),
  orgCode: Type.String(),
  orgName: Type.String(),
  fromGlobal: Type.Boolean({ description: 'drawn from the global pool (and goes back there)' }),
  borrowerName: Nullable(Type.String()),
  borrowerPersonId: Nullable(Type.Integer()),
  comment: Type.String(),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  endedAt: Nullable(IsoDateTime),
  endReason: Nullable(Type.Union([Type.Literal('returned'), Type.Literal('expired')])),
  lentBy: Type.String(),
  endedBy: Nullable(Type.String()),
  open: Type.Boolean(),
  version: Type.Integer(),
  renewals: Type.Array(Renewal),
  abilities: Type.Object(
    {
      renew: Type.Boolean({ description: 'extend it (a loan before its end)' }),
      return: Type.Boolean({ description: 'take the account back now (a loan not yet ended)' }),
    },
    { description: 'what the caller may do with the loan now (loan-policy.ts)' },
  ),
});

const length = {
  hours: Type.Optional(Type.Number({ description: 'how long from now, 3 to 48 hours (or give endsAt)' })),
  endsAt: Type.Optional(
    Type.String({ format: 'date-time', description: 'when the loan ends, 3 hours to 2 days from now (or give hours)' }),
  ),
};

export const LendBody = Type.Object(
  {
    orgId: IdOf('the department lending (its pool first, then the global pool)'),
    borrowerName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    borrowerPersonId: Type.Optional(Nullable(Id)),
    comment: Type.String({ maxLength: 1000, description: 'what the account is lent for; kept in the history' }),
    ...length,
  },
  { additionalProperties: false },
);

export const LendResult = Type.Object({
  loan: Loan,
  password: Type.String({ description: 'the one-time password, shown only in this response' }),
  globalPoolLow: Type.Boolean(),
});

export const RenewBody = Type.Object(
  { ...length, comment: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))) },
  { additionalProperties: false },
);
export const ReturnBody = Type.Object(
  { reason: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))) },
  { additionalProperties: false },
);

export const HistoryQuery = Type.Object({
  accountId: Type.Optional(Id),
  orgId: Type.Optional(IdOf('loans of this department and the units below it')),
  personId: Type.Optional(IdOf('loans to this person')),
  borrower: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "part of the borrower's name" })),
  open: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  beforeId: Type.Optional(Id),
});

export const LoanPage = Type.Object({
  items: Type.Array(Loan),
  next: Nullable(Type.Integer({ description: 'pass as beforeId for the next (older) page' })),
});
export const ExpiryResult = Type.Object({ ended: Type.Integer(), loans: Type.Array(Type.Integer()) });

export const LoanSettings = Type.Object({
  lowWater: Type.Integer(),
  alertAddresses: Type.Array(Type.String()),
  version: Type.Integer(),
});
export const LoanSettingsBody = Type.Object(
  {
    lowWater: Type.Integer({ minimum: 0, description: 'warn when fewer free global accounts remain after a lend' }),
    alertAddresses: Type.Array(Type.String({ maxLength: 254 }), {
      description: 'who besides the system administrators is warned',
    }),
  },
  { additionalProperties: false },
);

export type AccountView = Static<typeof Account>;
export type PoolsView = Static<typeof Pools>;
export type PoolView = PoolsView['departments'][number];
export type RenewalView = Static<typeof Renewal>;
export type LoanView = Static<typeof Loan>;
export type LendResult = Static<typeof LendResult>;
export type LoanPage = Static<typeof LoanPage>;
export type LoanSettings = Static<typeof LoanSettings>;
export type LendBody = Static<typeof LendBody>;
export type RenewBody = Static<typeof RenewBody>;
export type HistoryQuery = Static<typeof HistoryQuery>;
export type AccountQuery = Static<typeof AccountQuery>;
export type ExpiryResult = Static<typeof ExpiryResult>;
