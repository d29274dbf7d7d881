import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { StewardError } from './errors.ts';

describe('configuration', () => {
  it('has sensible defaults for a first start', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8080, dataDir: './data', demo: false, logLevel: 'info' });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('reads the environment with types', () => {
    const config = loadConfig({ STEWARD_PORT: '9000', STEWARD_DEMO: 'true', DATABASE_URL: 'postgres://u@h/db' });
    expect(config).toMatchObject({ port: 9000, demo: true, databaseUrl: 'postgres://u@h/db' });
  });

  it('reads the SMTP server and sender for mail, and refuses a URL that is not SMTP', () => {
    expect(loadConfig({}).smtpUrl).toBeUndefined();
    expect(
      loadConfig({ STEWARD_SMTP_URL: 'smtp://127.0.0.1:2525', STEWARD_MAIL_FROM: 'Steward <id@uni.example>' }),
    ).toMatchObject({ smtpUrl: 'smtp://127.0.0.1:2525', mailFrom: 'Steward <id@uni.example>' });
    expect(() => loadConfig({ STEWARD_SMTP_URL: 'http://mail' })).toThrow(/STEWARD_SMTP_URL/);
  });

  it('names the setting, its source and the rule for every bad value', () => {
    try {
      loadConfig({ STEWARD_PORT: 'eighty', STEWARD_LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
      expect.unreachable('bad configuration must be refused');
    } catch (e) {
      const err = e as StewardError;
      expect(err).toBeInstanceOf(StewardError);
      const fields = err.problems.map((p) => p.field);
      expect(fields).toEqual(expect.arrayContaining(['STEWARD_PORT', 'STEWARD_LOG_LEVEL', 'DATABASE_URL']));
      expect(err.message).toContain('"eighty"');
    }
  });

  it('reads STEWARD_TRUST_PROXY as true, a hop count or addresses, and refuses anything else', () => {
    expect(loadConfig({}).trustProxy).toBeUndefined();
    expect(loadConfig({ STEWARD_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ STEWARD_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ STEWARD_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ STEWARD_TRUST_PROXY: '10.0.0.0/8, loopback, ::1' }).trustProxy).toBe(
      '10.0.0.0/8, loopback, ::1',
    );
    expect(() => loadConfig({ STEWARD_TRUST_PROXY: 'yes please' })).toThrow(/STEWARD_TRUST_PROXY/);
    expect(() => loadConfig({ STEWARD_TRUST_PROXY: '0' })).toThrow(/STEWARD_TRUST_PROXY/);
  });

  it('reads the metrics token and refuses a short one', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ STEWARD_METRICS_TOKEN: 'a-long-scraper-secret' }).metricsToken).toBe('a-long-scraper-secret');
    expect(() => loadConfig({ STEWARD_METRICS_TOKEN: 'short' })).toThrow(/STEWARD_METRICS_TOKEN/);
  });
});
