import type { Lifecycle, LifecycleState } from './lifecycle.ts';

/**
 * The lifecycles Steward ships (inserted when missing, then data an administrator edits).
 * What a `when` rule means is due-time.ts. Dates are inclusive: `validTo` is the last day a
 * guest is valid, so `disable` is due the day after it. `expire-soon` is due `expiringDays`
 * (the guest type's) before `validTo`, `archive` `retentionDays` after the guest was disabled.
 */
const requested: LifecycleState = { name: 'requested', label: 'Requested' };
const pending: LifecycleState = { name: 'pending', label: 'Pending (waits for valid-from)' };
const active: LifecycleState = { name: 'active', label: 'Active' };
const expiring: LifecycleState = { name: 'expiring', label: 'Expiring' };
const disabled: LifecycleState = { name: 'disabled', label: 'Disabled' };
const archived: LifecycleState = { name: 'archived', label: 'Archived', terminal: true };
const rejected: LifecycleState = { name: 'rejected', label: 'Rejected', terminal: true };
const withdrawn: LifecycleState = { name: 'withdrawn', label: 'Withdrawn', terminal: true };

/** Visitors: requested by a guarantor, approved, then dated; reminders before the end; renewable. */
export const visitorLifecycle: Lifecycle = {
  name: 'visitor',
  label: 'Visitor (requested by a guarantor, renewable)',
  initial: 'requested',
  entry: 'pending',
  states: [requested, pending, active, expiring, disabled, archived, rejected, withdrawn],
  transitions: [
    { name: 'approve', label: 'Approve', from: ['requested'], to: 'pending', by: ['approver', 'sysadmin'] },
    {
      name: 'reject',
      label: 'Reject',
      from: ['requested'],
      to: 'rejected',
      by: ['approver', 'card-desk', 'it-desk', 'sysadmin'],
    },
    {
      name: 'withdraw',
      label: 'Withdraw',
      from: ['requested', 'pending'],
      to: 'withdrawn',
      by: ['guarantor', 'card-desk', 'sysadmin'],
    },
    {
      name: 'activate',
      label: 'Becomes active at valid-from',
      from: ['pending'],
      to: 'active',
      by: ['system'],
      when: { date: 'validFrom' },
    },
    {
      name: 'expire-soon',
      label: 'Expiring before valid-to',
      from: ['active'],
      to: 'expiring',
      by: ['system'],
      when: { date: 'validTo', before: 'expiringDays' },
      notify: ['guest', 'guarantor'],
    },
    {
      name: 'disable',
      label: 'Disabled after valid-to',
      from: ['pending', 'active', 'expiring'],
      to: 'disabled',
      by: ['system'],
      when: { date: 'validTo', after: 1 },
      notify: ['guest', 'guarantor'],
    },
    {
      name: 'renew',
      label: 'Renewed',
      from: ['expiring'],
      to: 'active',
      by: ['guarantor', 'orgadmin', 'card-desk', 'sysadmin'],
    },
    {
      name: 'end-now',
      label: 'End now',
      from: ['pending', 'active', 'expiring'],
      to: 'disabled',
      by: ['guarantor', 'orgadmin', 'card-desk', 'sysadmin'],
      notify: ['guest', 'guarantor'],
    },
    {
      name: 'archive',
      label: 'Archived after the retention period',
      from: ['disabled'],
      to: 'archived',
      by: ['system'],
      when: { date: 'stateSince', after: 'retentionDays' },
    },
  ],
};

/** Tenants: registered by the card desk, valid while their organisation is; no renewal mail. */
export const tenantLifecycle: Lifecycle = {
  name: 'tenant',
  label: 'Tenant (valid while the tenant organisation is)',
  initial: 'pending',
  entry: 'pending',
  states: [pending, active, expiring, disabled, archived, withdrawn],
  transitions: [
    { name: 'withdraw', label: 'Withdraw', from: ['pending'], to: 'withdrawn', by: ['card-desk', 'sysadmin'] },
    {
      name: 'activate',
      label: 'Becomes active at valid-from',
      from: ['pending'],
      to: 'active',
      by: ['system'],
      when: { date: 'validFrom' },
    },
    {
      name: 'expire-soon',
      label: 'Expiring before the tenant or organisation ends',
      from: ['active'],
      to: 'expiring',
      by: ['system'],
      when: { date: 'validTo', before: 'expiringDays' },
    },
    {
      name: 'disable',
      label: 'Disabled after the tenant or organisation ends',
      from: ['pending', 'active', 'expiring'],
      to: 'disabled',
      by: ['system'],
      when: { date: 'validTo', after: 1 },
    },
    {
      name: 'extended',
      label: 'Active again: the tenant or organisation was extended',
      from: ['expiring'],
      to: 'active',
      by: ['system'],
      when: { condition: 'end-no-longer-near' },
    },
    {
      name: 'end-now',
      label: 'End now',
      from: ['pending', 'active', 'expiring'],
      to: 'disabled',
      by: ['card-desk', 'orgadmin', 'sysadmin'],
    },
    {
      name: 'archive',
      label: 'Archived after the retention period',
      from: ['disabled'],
      to: 'archived',
      by: ['system'],
      when: { date: 'stateSince', after: 'retentionDays' },
    },
  ],
};

/** Dependants, spouses, personal aides: sponsored by a person; they end when the sponsor may no longer sponsor. */
export const dependantLifecycle: Lifecycle = {
  name: 'dependant',
  label: 'Dependant (ends when the sponsor may no longer sponsor)',
  initial: 'requested',
  entry: 'pending',
  states: [requested, pending, active, disabled, archived, rejected, withdrawn],
  transitions: [
    { name: 'approve', label: 'Approve', from: ['requested'], to: 'pending', by: ['card-desk', 'sysadmin'] },
    { name: 'reject', label: 'Reject', from: ['requested'], to: 'rejected', by: ['card-desk', 'sysadmin'] },
    {
      name: 'withdraw',
      label: 'Withdraw',
      from: ['requested', 'pending'],
      to: 'withdrawn',
      by: ['sponsor', 'card-desk', 'sysadmin'],
    },
    {
      name: 'activate',
      label: 'Becomes active at valid-from',
      from: ['pending'],
      to: 'active',
      by: ['system'],
      when: { date: 'validFrom' },
    },
    {
      name: 'sponsor-ended',
      label: 'Disabled: the sponsor may no longer sponsor',
      from: ['pending', 'active'],
      to: 'disabled',
      by: ['system'],
      when: { condition: 'sponsor-may-not-sponsor' },
      notify: ['guest', 'sponsor'],
    },
    {
      name: 'disable',
      label: 'Disabled after valid-to',
      from: ['pending', 'active'],
      to: 'disabled',
      by: ['system'],
      when: { date: 'validTo', after: 1 },
      notify: ['guest', 'sponsor'],
    },
    {
      name: 'end-now',
      label: 'End now',
      from: ['pending', 'active'],
      to: 'disabled',
      by: ['sponsor', 'card-desk', 'sysadmin'],
    },
    {
      name: 'archive',
      label: 'Archived after the retention period',
      from: ['disabled'],
      to: 'archived',
      by: ['system'],
      when: { date: 'stateSince', after: 'retentionDays' },
    },
  ],
};

export const defaultLifecycles: readonly Lifecycle[] = [visitorLifecycle, tenantLifecycle, dependantLifecycle];
