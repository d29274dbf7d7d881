import { describe, expect, it } from 'vitest';
import { readSourceConfig } from './source-config.ts';

const problems = (input: unknown) => readSourceConfig(input).problems.map((p) => `${p.field} ${p.rule}`);

describe('a source configuration', () => {
  it('fills the defaults: any kind, hold over 10 %, create people, review near-matches', () => {
    expect(readSourceConfig({ name: 'hr', label: ' Human Resources ' })).toEqual({
      config: {
        name: 'hr',
        label: 'Human Resources',
        description: '',
        kinds: [],
        holdThreshold: 0.1,
        createPeople: true,
        reviewNearMatches: true,
      },
      problems: [],
    });
  });

  it('keeps every setting given', () => {
    const input = {
      name: 'housing.v2',
      label: 'Housing',
      description: 'Residence halls',
      kinds: ['resident', ' tenant '],
      holdThreshold: 0.25,
      createPeople: false,
      reviewNearMatches: false,
    };
    expect(readSourceConfig(input).config).toEqual({ ...input, kinds: ['resident', 'tenant'] });
    expect(readSourceConfig({ ...input, holdThreshold: 1 }).config?.holdThreshold).toBe(1);
  });

  it('refuses names that are not source names, as the people importer does', () => {
    for (const name of ['HR', 'human resources', '-hr', 'hr/2'])
      expect(problems({ name, label: 'HR' })).toEqual(['/name pattern']);
    expect(problems({ name: 'x'.repeat(41), label: 'HR' })).toEqual(['/name max-length']);
    expect(problems({ label: 'HR' })).toEqual(['/name required']);
    expect(problems({ name: 'hr', label: '  ' })).toEqual(['/label required']);
  });

  it('refuses a threshold outside 0 < t ≤ 1, with a hint that it is a fraction', () => {
    for (const holdThreshold of [0, -0.1, 10, 1.01])
      expect(problems({ name: 'hr', label: 'HR', holdThreshold })).toEqual(['/holdThreshold range']);
    expect(readSourceConfig({ name: 'hr', label: 'HR', holdThreshold: 10 }).problems[0].message).toContain(
      '0.1 = 10 %',
    );
    expect(problems({ name: 'hr', label: 'HR', holdThreshold: '0.1' })).toEqual(['/holdThreshold type:number']);
    expect(problems({ name: 'hr', label: 'HR', holdThreshold: Number.NaN })).toEqual(['/holdThreshold type:number']);
  });

  it('refuses bad kinds, wrong types and unknown settings, naming each', () => {
    expect(
      problems({
        name: 'hr',
        label: 'HR',
        kinds: ['staff', '', 7, 'staff', 'k'.repeat(41)],
        createPeople: 'yes',
        reviewNearMatches: null,
        colour: 'red',
        description: 5,
      }),
    ).toEqual([
      '/colour unknown-field',
      '/description type:string',
      '/kinds/1 required',
      '/kinds/2 type:string',
      '/kinds/3 unique',
      '/kinds/4 max-length',
      '/createPeople type:boolean',
    ]);
    expect(problems({ name: 'hr', label: 'HR', kinds: 'staff' })).toEqual(['/kinds type:array']);
    expect(problems(null)).toEqual([' type:object']);
  });
});
