import { describe, expect, it } from 'vitest';
import { extensionProblems, folderChain, fullName, parentName } from './names.ts';

describe('folder and group names', () => {
  it('accepts one segment and refuses colons, blanks and odd characters naming the rule', () => {
    expect(extensionProblems('payroll')).toEqual([]);
    expect(extensionProblems('a:b')[0].rule).toBe('no-colon');
    expect(extensionProblems('')[0].rule).toBe('required');
    expect(extensionProblems('pay roll')[0].rule).toBe('pattern');
  });
  it('builds full names and their folder chains', () => {
    expect(fullName('uni:apps', 'payroll')).toBe('uni:apps:payroll');
    expect(fullName(null, 'uni')).toBe('uni');
    expect(folderChain('uni:apps:payroll')).toEqual(['uni', 'uni:apps', 'uni:apps:payroll']);
    expect(parentName('uni:apps:clerk')).toBe('uni:apps');
    expect(parentName('uni')).toBeNull();
  });
});
