import { describe, expect, it } from 'vitest';
import { attributeLine, escapeDnValue, fold, isSafeString, ldifEntry } from './ldif.ts';

describe('LDIF (RFC 2849)', () => {
  it('writes safe strings plainly and anything else as base64 after ::', () => {
    expect(isSafeString('Ada Lovelace')).toBe(true);
    expect(attributeLine('cn', 'Ada Lovelace')).toBe('cn: Ada Lovelace');
    expect(attributeLine('sn', 'Müller')).toBe(`sn:: ${Buffer.from('Müller').toString('base64')}`);
    for (const v of [' leading', ':colon', '<angle', 'trailing ', 'new\nline', 'cr\r'])
      expect(isSafeString(v), v).toBe(false);
    expect(isSafeString("O'Brien: not first")).toBe(true);
  });

  it('folds lines at 76 characters with a leading space on each continuation', () => {
    const long = `description: ${'x'.repeat(200)}`;
    const folded = fold(long);
    const lines = folded.split('\n');
    expect(lines.every((l) => l.length <= 76)).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(lines.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(long);
    expect(fold('a'.repeat(76))).toBe('a'.repeat(76));
  });

  it('escapes DN values and writes an entry without empty attributes', () => {
    expect(escapeDnValue('Smith, John')).toBe('Smith\\, John');
    expect(escapeDnValue('#1 ')).toBe('\\#1\\ ');
    expect(
      ldifEntry({
        dn: 'uid=ada,ou=people,dc=x',
        objectClasses: ['top', 'person'],
        attributes: [
          ['uid', 'ada'],
          ['mail', ''],
          ['sn', 'Lovelace'],
        ],
      }),
    ).toBe('dn: uid=ada,ou=people,dc=x\nobjectClass: top\nobjectClass: person\nuid: ada\nsn: Lovelace\n\n');
  });
});
