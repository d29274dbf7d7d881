import { describe, expect, it } from 'vitest';
import { StewardError } from '../platform/errors.ts';
import { fromYaml, toYaml } from './config-yaml.ts';

const refusal = (text: string) => {
  try {
    fromYaml(text);
  } catch (e) {
    return e as StewardError;
  }
  throw new Error('expected a refusal');
};

describe('the document as YAML', () => {
  it('reads what it writes, and names the line of each path', () => {
    const doc = {
      format: 'x',
      orgKinds: [
        { kind: 'lab', label: 'Lab', fields: [] },
        { kind: 'annex', label: 'A' },
      ],
    };
    const text = toYaml(doc);
    const sent = fromYaml(text);
    expect(sent.value).toEqual(doc);
    const lines = text.split('\n');
    expect(lines[sent.lineOf!('/orgKinds/1/label')! - 1]).toBe('    label: A');
    expect(lines[sent.lineOf!('/orgKinds/1/kind')! - 1]).toBe('  - kind: annex');
    // A field that is not there: the line of the nearest thing above it.
    expect(lines[sent.lineOf!('/orgKinds/1/fields')! - 1]).toBe('  - kind: annex');
    expect(sent.lineOf!('/')).toBe(1);
  });

  it('refuses a syntax error or a repeated key with its line', () => {
    const bad = refusal('format: x\norgKinds:\n  - kind: a\n    kind: b\n');
    expect(bad.problems[0]).toMatchObject({ field: '/', rule: 'yaml-syntax' });
    expect(bad.problems[0].message).toMatch(/^line 4, column \d+:/);
    expect(refusal('a: [1, 2\n').problems[0].rule).toBe('yaml-syntax');
  });

  it('refuses aliases that expand past the limit', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++)
      lines.push(
        `${'b'.repeat(i + 1)}: &${'b'.repeat(i + 1)} [${Array(10)
          .fill(i ? `*${'b'.repeat(i)}` : '*a')
          .join(', ')}]`,
      );
    expect(refusal(lines.join('\n')).problems[0].rule).toBe('yaml-aliases');
  });
});
