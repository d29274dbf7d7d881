import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { normalise } from '../../src/feeds/feed-definition.ts';
import { fileChunk, fileHeader, type PersonFacts, renderRow } from '../../src/feeds/feed-rows.ts';
import { byOrgCsv, expiringCsv } from '../../src/guests/guest-reports.ts';
import { waitingByApproverCsv } from '../../src/guests/requests/request-reports.ts';

/**
 * Every CSV Steward hands out (feed output, the guest reports) with a hostile name in each
 * text cell: no cell may start a spreadsheet formula (issue 13).
 */
const hostile = ['=HYPERLINK("http://x","y")', '@SUM(1+1)', '+1+2', '-1+2', '\tTab', '\rCr'];
const formula = /^[=+\-@\t\r]/;

function startingAFormula(csv: string): string[] {
  return (parse(csv, { relax_column_count: true }) as string[][]).flat().filter((cell) => formula.test(cell));
}

describe('CSV outputs neutralise cells that would start a formula', () => {
  for (const name of hostile) {
    it(`feed output (${JSON.stringify(name)})`, () => {
      const def = normalise({
        name: 'f',
        format: 'csv',
        selection: { statuses: ['x'] },
        columns: ['givenName', 'familyName', 'displayName', 'title', 'orgUnit', 'primaryStatus', 'email'],
      });
      const facts: PersonFacts = {
        id: 1,
        givenName: name,
        familyName: name,
        preferredName: null,
        idNumber: null,
        username: null,
        email: name,
        statuses: [{ statusTypeId: 1, name, category: 'x', cardLabel: null, directory: 'Y' }],
        orgUnit: name,
        title: name,
      };
      const csv = fileHeader(def) + fileChunk(def, [renderRow(facts, def.columns, new Map())]);
      expect(startingAFormula(csv)).toEqual([]);
      expect((parse(csv) as string[][])[1]).toContain(`'${name}`);
    });

    it(`guest reports by unit and expiring (${JSON.stringify(name)})`, () => {
      const window = { on: '2030-01-01', within: 30, until: '2030-01-31' };
      const byOrg = byOrgCsv({
        ...window,
        states: ['active', name],
        orgs: [
          { orgId: 1, code: name, name, counts: { active: 1, [name]: 2 }, total: 3, endingWithin: 1 },
          { orgId: null, code: null, name: null, counts: { active: -1 }, total: -1, endingWithin: 0 },
        ],
      });
      expect(startingAFormula(byOrg).filter((c) => c !== '-1')).toEqual([]); // -1 is a count Steward wrote
      const expiring = expiringCsv({
        ...window,
        items: [
          {
            guestId: 1,
            personName: name,
            type: name,
            state: name,
            orgCode: name,
            validTo: '2030-01-02',
            guarantor: name,
          },
        ],
      });
      expect(startingAFormula(expiring)).toEqual([]);
    });

    it(`guest requests waiting per approver (${JSON.stringify(name)})`, () => {
      const csv = waitingByApproverCsv({
        on: '2030-01-01',
        totalWaiting: 1,
        approvers: [
          {
            kind: 'person',
            personId: 4,
            office: name,
            name,
            step: name,
            waiting: 1,
            oldestSince: '2029-12-30',
            oldestDays: 2,
            requestIds: [9],
          },
        ],
      });
      expect(startingAFormula(csv)).toEqual([]);
    });
  }

  it('is the only way Steward writes CSV it hands out (other writers are the importers’ test files)', () => {
    const writers: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts'))
          if (readFileSync(path, 'utf8').includes("from 'csv-stringify")) writers.push(path);
      }
    };
    walk('src');
    walk('web/src');
    expect(writers.sort()).toEqual(['src/demo/csv.ts', 'src/platform/csv-export.ts', 'src/sources/snapshot-files.ts']);
  });
});
