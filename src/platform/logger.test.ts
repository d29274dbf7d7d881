import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { readableLogs } from './logger.ts';

describe('log format', () => {
  it('writes readable lines on a terminal and JSON when piped, unless told', () => {
    expect(readableLogs('auto', true)).toBe(true);
    expect(readableLogs('auto', false)).toBe(false);
    expect(readableLogs('json', true)).toBe(false);
    expect(readableLogs('pretty', false)).toBe(true);
  });

  it('is read from STEWARD_LOG_FORMAT, auto by default, and a wrong value names the variable', () => {
    expect(loadConfig({}).logFormat).toBe('auto');
    expect(loadConfig({ STEWARD_LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig({ STEWARD_LOG_FORMAT: 'xml' })).toThrow(/STEWARD_LOG_FORMAT/);
  });
});
