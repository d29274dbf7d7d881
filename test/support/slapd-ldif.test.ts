import { describe, expect, it } from 'vitest';
import { parseLdif } from './slapd.ts';

// The LDIF reader of the slapd harness (no slapd needed): ldapsearch folds lines at 76
// columns and writes non-ASCII or space-edged values in base64 after `::`.
describe('parseLdif', () => {
  it('reads records, folded lines, base64 values and repeated attributes', () => {
    const text = [
      'dn: uid=a,ou=People,dc=example,dc=edu',
      'objectClass: inetOrgPerson',
      'objectClass: eduPerson',
      'description: a long value that ldapsearch folded at seventy-six columns, the',
      '  rest on the next line',
      'cn:: Wm/DqyDDhW5nc3Ryw7Zt',
      '',
      'dn:: b3U9QXJ0cyBcMkMgw6l0w6ksZGM9ZWR1',
      'ou: x',
      '',
      '',
    ].join('\n');
    expect(parseLdif(text)).toEqual([
      {
        dn: 'uid=a,ou=People,dc=example,dc=edu',
        attributes: {
          objectclass: ['inetOrgPerson', 'eduPerson'],
          description: ['a long value that ldapsearch folded at seventy-six columns, the rest on the next line'],
          cn: ['Zoë Ångström'],
        },
      },
      { dn: 'ou=Arts \\2C été,dc=edu', attributes: { ou: ['x'] } },
    ]);
    expect(parseLdif('')).toEqual([]);
  });
});
