import { type RawBuilder, sql } from 'kysely';
import { guestCalendarSql } from '../calendars/calendar-store.ts';
import { unknownKind } from './due-time.ts';
import type { Condition, DateField, DueRule, Offset } from './lifecycle.ts';
import { type GuestSettings, maySponsorSql, sponsorLastDaySql } from './sponsorship.ts';

/**
 * The due rules of due-time.ts as SQL, for the set-based sweep: expressions over `g`
 * (guests), `t` (guest_types) and `o` (the tenant unit, left joined), as `GUESTS_WITH_DAYS`
 * joins them; working days count on the calendar of the guest's host unit (calendar-store.ts, and the SQL
 * function `steward_add_working_days` of migration 0034). A storage test runs these builders over random guests
 * and compares each answer with the pure functions.
 */
export const GUESTS_WITH_DAYS = sql`guests g join guest_types t on t.id = g.type_id left join org_units o on o.id = g.tenant_org_id`;

function dateSql(field: DateField): RawBuilder<string | null> {
  switch (field) {
    case 'validFrom':
      return sql`g.valid_from`;
    case 'stateSince':
      return sql`g.state_since`;
    case 'validTo':
      return sql`least(g.valid_to, o.valid_to)`; // least ignores nulls: null only when both are
    default:
      return unknownKind(field);
  }
}

function offsetSql(offset: Offset | undefined): RawBuilder<number> {
  if (offset === undefined) return sql`0`;
  if (typeof offset === 'number') return sql`${offset}::int`;
  switch (offset) {
    case 'expiringDays':
      return sql`t.expiring_days`;
    case 'retentionDays':
      return sql`t.retention_days`;
    default:
      return unknownKind(offset);
  }
}

/** The day a rule falls due (due-time.ts `dueOn`); null never falls due. */
export function dueSql(rule: DueRule, today: string, settings: GuestSettings): RawBuilder<string> {
  if ('condition' in rule) {
    if (rule.condition !== 'sponsor-may-not-sponsor') return sql<string>`${today}::date`;
    const after = sql`(${sponsorLastDaySql(sql`g.sponsor_id`, today, settings)} + 1)`;
    const deadline = sql`(select h.deadline from guest_handovers h where h.guest_id = g.id and h.closed_at is null)`;
    return sql<string>`(case when ${deadline} is not null then greatest(g.state_since, ${deadline} + 1)
      else least(${today}::date, greatest(g.state_since, coalesce(${after}, ${today}::date))) end)`;
  }
  const offset = sql`(${offsetSql(rule.after)} - ${offsetSql(rule.before)})`;
  const unit = rule.unit ?? 'days';
  switch (unit) {
    case 'days':
      return sql<string>`(${dateSql(rule.date)} + ${offset})`;
    case 'working-days':
      return sql<string>`steward_add_working_days(${guestCalendarSql()}, ${dateSql(rule.date)}, ${offset})`;
    default:
      return unknownKind(unit);
  }
}

/** The extra filter of a condition rule (due-time.ts `conditionHolds`), as `and …`. */
export function conditionSql(condition: Condition, today: string, settings: GuestSettings): RawBuilder<unknown> {
  switch (condition) {
    case 'sponsor-may-not-sponsor':
      return sql`and g.sponsor_id is not null and not ${maySponsorSql(sql`g.sponsor_id`, today, settings)}`;
    case 'end-no-longer-near':
      return sql`and (least(g.valid_to, o.valid_to) is null or least(g.valid_to, o.valid_to) - t.expiring_days > ${today}::date)`;
    default:
      return unknownKind(condition);
  }
}

/** The filter of any rule beyond its due day: a condition rule's condition, nothing for a date rule. */
export function ruleFilterSql(rule: DueRule, today: string, settings: GuestSettings): RawBuilder<unknown> {
  return 'condition' in rule ? conditionSql(rule.condition, today, settings) : sql``;
}
