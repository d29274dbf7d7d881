import { describe, expect, it } from 'vitest';
import { compileEventFilter, eventFilterProblems, filterEntityTypes, matchesEvent } from './webhook-filter-rules.ts';

const known = ['person', 'group', 'group_effective', 'scheduled-job'];

describe('the change kinds a webhook target asks for', () => {
  it('accepts *, <type>.* and <type>.<op> of known entity types', () => {
    expect(
      eventFilterProblems(
        ['*', 'person.*', 'person.updated', 'group_effective.*', 'scheduled-job.identifier-added'],
        known,
      ),
    ).toEqual([]);
  });

  it('refuses an unknown entity type, naming the entry', () => {
    expect(eventFilterProblems(['person.*', 'persons.updated'], known)).toEqual([
      {
        field: '/settings/events/1',
        rule: 'unknown-type',
        message: '"persons.updated": no entity type "persons" in the change log',
      },
    ]);
  });

  it('refuses entries that are not <type>.<op>, <type>.* or *', () => {
    const problems = eventFilterProblems(
      ['person', 'person.', '*.created', 'Person.created', 'person.up dated', 7],
      known,
    );
    expect(problems.map((p) => [p.field, p.rule])).toEqual([
      ['/settings/events/0', 'pattern'],
      ['/settings/events/1', 'pattern'],
      ['/settings/events/2', 'pattern'],
      ['/settings/events/3', 'pattern'],
      ['/settings/events/4', 'pattern'],
      ['/settings/events/5', 'type'],
    ]);
    expect(problems[0].message).toContain('<type>.<op>');
  });

  it('refuses a missing or empty list', () => {
    expect(eventFilterProblems([], known)[0].rule).toBe('minItems');
    expect(eventFilterProblems('person.*', known)[0].rule).toBe('type');
  });

  it('matches by type and op, a wildcard op, or everything', () => {
    const filter = compileEventFilter(['person.updated', 'group.*']);
    expect(matchesEvent(filter, 'person', 'updated')).toBe(true);
    expect(matchesEvent(filter, 'person', 'created')).toBe(false);
    expect(matchesEvent(filter, 'group', 'member-added')).toBe(true);
    expect(matchesEvent(filter, 'group_effective', 'updated')).toBe(false);
    expect(filterEntityTypes(filter)).toEqual(['group', 'person']);
    const all = compileEventFilter(['person.created', '*']);
    expect(matchesEvent(all, 'org', 'moved')).toBe(true);
    expect(filterEntityTypes(all)).toBeNull();
  });

  it('lets a wildcard op win over single ops of the same type, in either order', () => {
    for (const events of [
      ['person.created', 'person.*'],
      ['person.*', 'person.created'],
    ]) {
      const filter = compileEventFilter(events);
      expect(matchesEvent(filter, 'person', 'merged')).toBe(true);
    }
  });
});
