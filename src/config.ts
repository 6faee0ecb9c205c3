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
  adminToken: string | undefined;
  demo: boolean;
  globalSouthRule: GlobalSouthRule;
  importMaxBytes: number;
  logLevel: string;
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
  const adminToken = env.PONTES_ADMIN_TOKEN?.trim() || undefined;
  if (adminToken !== undefined && adminToken.length < 16) {
    problems.push('PONTES_ADMIN_TOKEN must be at least 16 characters long');
  }
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
    adminToken,
    demo: ['1', 'true', 'yes', 'on'].includes(demoRaw),
    globalSouthRule: rule as GlobalSouthRule,
    importMaxBytes: importMaxMb * 1024 * 1024,
    logLevel,
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
