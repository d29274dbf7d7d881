/**
 * Issue 16, sponsorship done fully: when a guest's guarantor or sponsor can no longer vouch, the guest is handed over
 * to the guest managers of its host unit (or of the nearest unit above that has some) until a deadline, the guest
 * type's `handover_days` after the handover began. One row per handover; `closed_at` and `outcome` say how it ended
 * (a manager took over, the voucher could vouch again, or the guest was given another voucher); at most one is open
 * per guest.
 */
export const statements = [
  `alter table guest_types add column handover_days integer not null default 14 check (handover_days between 0 and 366)`,
  `create table guest_handovers (
    id bigserial primary key,
    guest_id bigint not null references guests(id),
    role text not null check (role in ('guarantor', 'sponsor')),
    voucher_id bigint not null references people(id),
    org_id bigint not null references org_units(id),
    since date not null,
    deadline date not null,
    notices jsonb not null default '[]',
    created_at timestamptz not null,
    closed_at timestamptz,
    outcome text check (outcome in ('taken-over', 'voucher-returned', 'voucher-changed')),
    taken_by bigint references people(id),
    check ((closed_at is null) = (outcome is null))
  )`,
  `create unique index guest_handovers_open on guest_handovers (guest_id) where closed_at is null`,
  `create index guest_handovers_org on guest_handovers (org_id) where closed_at is null`,
];
