import { describe, expect, it } from 'vitest';
import { defaultMintingSettings, mintingSettingsProblems, patternPlan } from './minting-settings.ts';

describe('minting settings', () => {
  it('accepts the defaults', () => {
    expect(mintingSettingsProblems(structuredClone(defaultMintingSettings))).toEqual([]);
  });

  it('names the field and rule of each problem', () => {
    const bad = structuredClone(defaultMintingSettings) as unknown as Record<string, Record<string, unknown>>;
    bad.idNumber.digits = 2;
    expect(mintingSettingsProblems(bad)).toEqual([
      expect.objectContaining({ field: '/idNumber/digits', rule: 'minimum' }),
    ]);
    const badPattern = structuredClone(defaultMintingSettings);
    badPattern.username.patterns = ['{g1}{family}', '{g1}{n}{family}'];
    expect(mintingSettingsProblems(badPattern)).toEqual([
      { field: '/username/patterns/1', rule: 'pattern-syntax', message: '{n} must come last' },
    ]);
    const badCheck = structuredClone(defaultMintingSettings) as unknown as Record<string, Record<string, unknown>>;
    badCheck.idNumber.checkDigit = 'crc32';
    expect(mintingSettingsProblems(badCheck)[0]).toMatchObject({ field: '/idNumber/checkDigit' });
  });

  it('plans email local parts with the domain as suffix', () => {
    const plan = patternPlan(defaultMintingSettings, 'email');
    expect(plan.suffix).toBe('@example.edu');
    expect(plan.patterns.map((p) => p.numbered)).toEqual([false, true]);
  });
});
