import { describe, expect, it } from 'vitest';
import { type MappingFacts, renderMappings, renderTemplate, templateProblems } from './mapping-rules.ts';

const facts: MappingFacts = {
  id: 7,
  givenName: 'Zoë',
  middleName: null,
  familyName: "O'Brien",
  preferredName: null,
  displayName: "Zoë O'Brien",
  idNumber: '2024001',
  username: 'zobrien',
  email: 'zoe@example.edu',
  identifiers: { username: 'zobrien', 'card-number': '9911' },
  primaryStatus: 'Student',
  statuses: ['Student', 'Staff'],
  categories: ['student', 'staff'],
  affiliations: ['student', 'staff'],
  orgUnit: 'PHYS',
  orgUnitName: 'Physics',
  title: null,
  unit: { costCentre: 'CC-12' },
  groups: [],
};

describe('mapping templates', () => {
  it('fills placeholders and applies filters left to right', () => {
    expect(renderTemplate('{username}@example.edu', facts)).toEqual(['zobrien@example.edu']);
    expect(renderTemplate('{givenName|ascii|lower}.{familyName|lower}', facts)).toEqual(["zoe.o'brien"]);
    expect(renderTemplate('{givenName|initial}{familyName|upper}', facts)).toEqual(["ZO'BRIEN"]);
    expect(renderTemplate('{identifier:card-number}', facts)).toEqual(['9911']);
    expect(renderTemplate('{unit.costCentre}', facts)).toEqual(['CC-12']);
  });

  it('gives one value per list entry, and nothing when a placeholder is empty', () => {
    expect(renderTemplate('{affiliations}', facts)).toEqual(['student', 'staff']);
    expect(renderTemplate('{title}', facts)).toEqual([]);
    expect(renderTemplate('T-{title}', facts)).toEqual([]);
    expect(renderMappings({ mail: '{email}', title: '{title}' }, facts)).toEqual({ mail: ['zoe@example.edu'] });
  });

  it('refuses unknown fields and filters, unpaired braces and a list inside text, naming them', () => {
    expect(templateProblems('{usernme}', '/mappings/uid')[0]).toMatchObject({
      field: '/mappings/uid',
      rule: 'template',
      message: expect.stringContaining('unknown field "usernme"'),
    });
    expect(templateProblems('{username|shout}', '/m')[0].message).toContain('unknown filter "shout"');
    expect(templateProblems('{username', '/m')[0].message).toContain('without its pair');
    expect(templateProblems('x-{statuses}', '/m')[0].message).toContain('must be the whole template');
    expect(templateProblems('{username}@{identifier:email}', '/m')).toEqual([]);
  });
});
