import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has safe defaults: localhost, port 3000, ./data, embedded database, demo on', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', dataDir: path.resolve('./data'), databaseUrl: undefined, demo: true, globalSouthRule: 'unctad' });
    expect(config).toMatchObject({ publicUrl: undefined, registration: 'invite', smtpUrl: undefined, outboxDir: path.resolve('./data/outbox'), trustedProxies: [], auditIpDays: 90 });
    expect(config.rateLimits).toMatchObject({ enabled: true, signInFailuresPerAccount: 10, signInFailuresPerIp: 20, signInWindowMinutes: 15, searchPerMinute: 300 });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080', HOST: '0.0.0.0', PONTES_DATA_DIR: '/tmp/x', DATABASE_URL: 'postgres://u@h:5433/db',
      PONTES_DEMO: '0', PONTES_IMPORT_MAX_MB: '8', PONTES_PUBLIC_URL: 'https://pontes.example.org/', PONTES_REGISTRATION: 'open',
      PONTES_SMTP_URL: 'smtp://mail:25', PONTES_MAIL_FROM: 'Pontes <noreply@example.org>', PONTES_TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16',
      PONTES_RATE_LIMITS: 'off', PONTES_SIGN_IN_LIMIT_ACCOUNT: '3', PONTES_AUDIT_IP_DAYS: '30', PONTES_SESSION_IDLE_MINUTES: '30',
    });
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', dataDir: '/tmp/x', databaseUrl: 'postgres://u@h:5433/db', demo: false, importMaxBytes: 8 * 1024 * 1024 });
    expect(config).toMatchObject({
      publicUrl: 'https://pontes.example.org', registration: 'open', smtpUrl: 'smtp://mail:25', mailFrom: 'Pontes <noreply@example.org>', outboxDir: '/tmp/x/outbox',
      trustedProxies: ['10.0.0.1', '192.168.0.0/16'], auditIpDays: 30, sessionIdleMinutes: 30,
    });
    expect(config.rateLimits).toMatchObject({ enabled: false, signInFailuresPerAccount: 3 });
  });

  it('reports every bad variable at once, by name', () => {
    let message = '';
    try {
      loadConfig({
        PORT: 'eighty', DATABASE_URL: 'mysql://x', PONTES_ADMIN_TOKEN: 'an-old-admin-token', PONTES_DEMO: 'maybe', PONTES_GLOBAL_SOUTH_RULE: 'g7',
        PONTES_PUBLIC_URL: 'https://x.org/app', PONTES_REGISTRATION: 'everyone', PONTES_RATE_LIMITS: 'sometimes', PONTES_TRUSTED_PROXIES: 'proxy.local',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of ['PORT', 'DATABASE_URL', 'PONTES_ADMIN_TOKEN', 'PONTES_DEMO', 'PONTES_GLOBAL_SOUTH_RULE', 'PONTES_PUBLIC_URL', 'PONTES_REGISTRATION', 'PONTES_RATE_LIMITS', 'PONTES_TRUSTED_PROXIES']) {
      expect(message).toContain(name);
    }
  });

  it('reads when the daily reminders run (UTC, default 06:00), or off', () => {
    expect(loadConfig({}).remindersAt).toEqual({ hour: 6, minute: 0 });
    expect(loadConfig({ PONTES_REMINDERS_AT: '23:05' }).remindersAt).toEqual({ hour: 23, minute: 5 });
    expect(loadConfig({ PONTES_REMINDERS_AT: 'OFF' }).remindersAt).toBeNull();
    for (const bad of ['24:00', '6:00', '06:60', 'noon']) expect(() => loadConfig({ PONTES_REMINDERS_AT: bad }), bad).toThrow(/PONTES_REMINDERS_AT must be a UTC time HH:MM/);
  });

  it('refuses a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be between 0 and 65535/);
  });
});

describe('a PostgreSQL server that cannot be reached', () => {
  it('gives a clear DATABASE_UNAVAILABLE error naming the server', async () => {
    const { openDatabase } = await import('./platform/db/database.js');
    await expect(openDatabase({ kind: 'server', url: 'postgres://nobody@127.0.0.1:1/nowhere' })).rejects.toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
      message: expect.stringContaining('cannot connect to PostgreSQL at 127.0.0.1:1/nowhere'),
    });
  });
});

describe('an embedded data folder that is not Pontes\'', () => {
  it('is refused, and left as it was', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pontes-foreign-'));
    try {
      fs.writeFileSync(path.join(dir, 'thesis.docx'), 'my work');
      const { openDatabase } = await import('./platform/db/database.js');
      await expect(openDatabase({ kind: 'embedded', dataDir: dir })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('holds no Pontes database') });
      expect(fs.readdirSync(dir)).toEqual(['thesis.docx']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
