import path from 'node:path';
import { PontesError } from './errors.js';

/** The Global-South rules Pontes knows; the default is UNCTAD's (see docs/adr/0005). */
export const GLOBAL_SOUTH_RULES = ['unctad'] as const;
export type GlobalSouthRule = (typeof GLOBAL_SOUTH_RULES)[number];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** The public origin (https://pontes.example.org), for links in email and the CSRF origin check. */
  publicUrl: string | undefined;
  demo: boolean;
  globalSouthRule: GlobalSouthRule;
  importMaxBytes: number;
  logLevel: string;
  /** Who may register: anyone (`open`) or people an admin invited (`invite`, the default). */
  registration: 'open' | 'invite';
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Where messages are written as .eml files when no SMTP server is configured. */
  outboxDir: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  auditIpDays: number;
  /** Proxies whose X-Forwarded-For / -Proto are believed (Fastify trustProxy); empty: none. */
  trustedProxies: string[];
  rateLimits: RateLimits;
  /** When `serve` runs the daily reminders of overdue commitments (UTC); null: never (PONTES_REMINDERS_AT=off). */
  remindersAt: { hour: number; minute: number } | null;
}

/** Abuse limits (docs/adr/0012); `enabled: false` (PONTES_RATE_LIMITS=off) turns every one off. */
export interface RateLimits {
  enabled: boolean;
  signInFailuresPerAccount: number;
  signInFailuresPerIp: number;
  signInWindowMinutes: number;
  /** Requests that send an email (registration, password reset), per address and per IP. */
  emailRequestsPerAccount: number;
  emailRequestsPerIp: number;
  emailWindowMinutes: number;
  /** Search and matching, per IP per minute. */
  searchPerMinute: number;
}

/**
 * Reads and validates the environment once, at start. Every problem is reported at once with
 * the variable's name, so an operator fixes the whole configuration in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const port = intVar(env, 'PORT', 3000, 0, 65535, problems);
  const host = (env.HOST ?? '127.0.0.1').trim();
  if (host === '') problems.push('HOST must not be empty (use 127.0.0.1, or 0.0.0.0 to expose Pontes)');
  const dataDir = path.resolve(env.PONTES_DATA_DIR?.trim() || './data');
  let databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined) {
    try {
      const url = new URL(databaseUrl);
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
        problems.push(`DATABASE_URL must start with postgres:// or postgresql:// (got ${url.protocol}//)`);
      }
    } catch {
      problems.push('DATABASE_URL is not a valid URL (expected postgres://user@host:port/database)');
      databaseUrl = undefined;
    }
  }
  if (env.PONTES_ADMIN_TOKEN !== undefined && env.PONTES_ADMIN_TOKEN.trim() !== '') {
    problems.push('PONTES_ADMIN_TOKEN is no longer used: create a member token with `pontes tokens create --email E --scope write`');
  }
  let publicUrl = env.PONTES_PUBLIC_URL?.trim() || undefined;
  if (publicUrl !== undefined) {
    try {
      const url = new URL(publicUrl);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push(`PONTES_PUBLIC_URL must start with https:// or http:// (got ${url.protocol}//)`);
      else if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') problems.push('PONTES_PUBLIC_URL must be an origin only, such as https://pontes.example.org (no path)');
      publicUrl = url.origin;
    } catch {
      problems.push('PONTES_PUBLIC_URL is not a valid URL (expected https://host)');
      publicUrl = undefined;
    }
  }
  const registration = (env.PONTES_REGISTRATION ?? 'invite').trim().toLowerCase();
  if (registration !== 'open' && registration !== 'invite') problems.push(`PONTES_REGISTRATION must be open or invite (got "${registration}")`);
  const smtpUrl = env.PONTES_SMTP_URL?.trim() || undefined;
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl)) problems.push('PONTES_SMTP_URL must start with smtp:// or smtps://');
  const mailFrom = (env.PONTES_MAIL_FROM ?? 'Pontes <pontes@localhost>').trim();
  if (!/^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/.test(mailFrom)) problems.push(`PONTES_MAIL_FROM must be an address, optionally with a name: "Pontes <pontes@example.org>" (got "${mailFrom}")`);
  const sessionIdleMinutes = intVar(env, 'PONTES_SESSION_IDLE_MINUTES', 120, 1, 60 * 24 * 30, problems);
  const sessionMaxHours = intVar(env, 'PONTES_SESSION_MAX_HOURS', 12, 1, 24 * 90, problems);
  const auditIpDays = intVar(env, 'PONTES_AUDIT_IP_DAYS', 90, 1, 3650, problems);
  const trustedProxies = (env.PONTES_TRUSTED_PROXIES ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
  for (const proxy of trustedProxies) {
    if (!/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(proxy)) problems.push(`PONTES_TRUSTED_PROXIES must list IP addresses or CIDR ranges, comma-separated (got "${proxy}")`);
  }
  const rateRaw = (env.PONTES_RATE_LIMITS ?? 'on').trim().toLowerCase();
  if (rateRaw !== 'on' && rateRaw !== 'off') problems.push(`PONTES_RATE_LIMITS must be on or off (got "${rateRaw}")`);
  const rateLimits: RateLimits = {
    enabled: rateRaw !== 'off',
    signInFailuresPerAccount: intVar(env, 'PONTES_SIGN_IN_LIMIT_ACCOUNT', 10, 1, 1_000_000, problems),
    signInFailuresPerIp: intVar(env, 'PONTES_SIGN_IN_LIMIT_IP', 20, 1, 1_000_000, problems),
    signInWindowMinutes: intVar(env, 'PONTES_SIGN_IN_WINDOW_MINUTES', 15, 1, 24 * 60, problems),
    emailRequestsPerAccount: intVar(env, 'PONTES_EMAIL_LIMIT_ACCOUNT', 5, 1, 1_000_000, problems),
    emailRequestsPerIp: intVar(env, 'PONTES_EMAIL_LIMIT_IP', 20, 1, 1_000_000, problems),
    emailWindowMinutes: intVar(env, 'PONTES_EMAIL_WINDOW_MINUTES', 60, 1, 24 * 60, problems),
    searchPerMinute: intVar(env, 'PONTES_SEARCH_LIMIT_PER_MINUTE', 300, 1, 1_000_000, problems),
  };
  const remindersRaw = (env.PONTES_REMINDERS_AT ?? '06:00').trim().toLowerCase();
  const remindersMatch = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(remindersRaw);
  if (remindersRaw !== 'off' && remindersMatch === null) problems.push(`PONTES_REMINDERS_AT must be a UTC time HH:MM (00:00 to 23:59) or off (got "${remindersRaw}")`);
  const remindersAt = remindersMatch !== null ? { hour: Number(remindersMatch[1]), minute: Number(remindersMatch[2]) } : null;
  const demoRaw = (env.PONTES_DEMO ?? '1').trim().toLowerCase();
  if (!['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'].includes(demoRaw)) {
    problems.push(`PONTES_DEMO must be 0 or 1 (got "${demoRaw}")`);
  }
  const rule = (env.PONTES_GLOBAL_SOUTH_RULE ?? 'unctad').trim().toLowerCase();
  if (!(GLOBAL_SOUTH_RULES as readonly string[]).includes(rule)) {
    problems.push(`PONTES_GLOBAL_SOUTH_RULE must be one of ${GLOBAL_SOUTH_RULES.join(', ')} (got "${rule}")`);
  }
  const importMaxMb = intVar(env, 'PONTES_IMPORT_MAX_MB', 64, 1, 4096, problems);
  const logLevel = (env.LOG_LEVEL ?? 'info').trim();
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`);
  }
  if (problems.length > 0) {
    throw new PontesError('CONFIG_INVALID', { detail: problems.join('\n') });
  }
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    publicUrl,
    demo: ['1', 'true', 'yes', 'on'].includes(demoRaw),
    globalSouthRule: rule as GlobalSouthRule,
    importMaxBytes: importMaxMb * 1024 * 1024,
    logLevel,
    registration: registration === 'open' ? 'open' : 'invite',
    smtpUrl,
    mailFrom,
    outboxDir: path.resolve(env.PONTES_OUTBOX_DIR?.trim() || path.join(dataDir, 'outbox')),
    sessionIdleMinutes,
    sessionMaxHours,
    auditIpDays,
    trustedProxies,
    rateLimits,
    remindersAt,
  };
}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) {
    problems.push(`${name} must be a whole number (got "${raw}")`);
    return fallback;
  }
  const value = Number(raw);
  if (value < min || value > max) {
    problems.push(`${name} must be between ${min} and ${max} (got ${value})`);
    return fallback;
  }
  return value;
}

/**
 * The origin links in email point to: PONTES_PUBLIC_URL, never a request's Host header; without
 * it, the address the server listens on.
 */
export function publicBase(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): string {
  if (config.publicUrl !== undefined) return config.publicUrl;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}
