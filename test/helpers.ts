import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildApp, type App } from '../src/app.js';
import { openPontes, type Pontes } from '../src/bootstrap.js';
import { loadConfig, type Config } from '../src/config.js';
import { changeMemberAccess, createApiToken, createMember as createMemberAccount, type MemberRole } from '../src/modules/accounts/index.js';
import { fromAllTheCities, type AllTheCitiesEntry } from '../src/modules/places/index.js';
import { OPERATOR } from '../src/platform/auth/actor.js';
import { projectPath } from '../src/platform/paths.js';
import type { DatabaseTarget } from '../src/platform/db/database.js';

export const fixturePlaces = () =>
  fromAllTheCities(JSON.parse(fs.readFileSync(projectPath('test', 'fixtures', 'places.json'), 'utf8')) as AllTheCitiesEntry[]);

/** A test configuration: silent, no data folder, and a fresh outbox folder (mail as .eml files). */
export function testConfig(env: Record<string, string> = {}): Config {
  const outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'pontes-outbox-'));
  return loadConfig({ PONTES_DATA_DIR: '/nonexistent', PONTES_OUTBOX_DIR: outbox, LOG_LEVEL: 'silent', ...env });
}

/**
 * A fresh database for one test file: PGlite in memory by default; with TEST_DATABASE_URL, a
 * new database on that PostgreSQL server, dropped afterwards. Migrations applied, countries
 * and the small places fixture loaded.
 */
export async function createTestPontes(env: Record<string, string> = {}): Promise<Pontes> {
  const config = testConfig(env);
  const serverUrl = process.env.TEST_DATABASE_URL;
  const removeOutbox = () => {
    if (path.basename(config.outboxDir).startsWith('pontes-outbox-')) fs.rmSync(config.outboxDir, { recursive: true, force: true });
  };
  if (serverUrl === undefined || serverUrl === '') {
    const pontes = await openPontes(config, { target: { kind: 'memory' }, referencePlaces: fixturePlaces, referenceSource: 'test fixture', progress: null });
    return { ...pontes, close: async () => { await pontes.close(); removeOutbox(); } };
  }
  const name = `pontes_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const target: DatabaseTarget = { kind: 'server', url: url.toString(), poolSize: 4 };
  const pontes = await openPontes(config, { target, referencePlaces: fixturePlaces, referenceSource: 'test fixture', progress: null });
  return {
    ...pontes,
    async close() {
      await pontes.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
      removeOutbox();
    },
  };
}

export interface TestApp {
  pontes: Pontes;
  app: App;
  close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const pontes = await createTestPontes(env);
  const app = await buildApp({ db: pontes.db, config: pontes.config, logger: false });
  return {
    pontes,
    app,
    async close() {
      await app.close();
      await pontes.close();
    },
  };
}

/** A valid exchange-format record, with overrides. */
export function practiceRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'p1',
    title: 'Market vendors organise with the city',
    summary: 'Vendors and the municipality agree on stalls, water and waste collection.',
    language: 'en',
    places: [{ city: 'Durban', country: 'ZA' }],
    ...overrides,
  };
}

export function jsonl(records: unknown[]): Buffer {
  return Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

export const demoBytes = () => fs.readFileSync(projectPath('demo', 'handbook-practices.jsonl'));

// Members ---------------------------------------------------------------------------------------

export interface TestMember {
  memberId: string;
  email: string;
  password: string;
  /** An API token: admin-scoped for an admin, write-scoped otherwise. */
  token: string;
  /** `{ authorization: 'Bearer …' }`, to spread into app.inject({ headers }). */
  headers: { authorization: string };
}

export interface TestMemberOptions {
  role: MemberRole;
  email?: string;
  name?: string;
  organisationIds?: string[];
  focalOrganisationIds?: string[];
  focalPlaceIds?: string[];
  password?: string;
}

let memberCount = 0;

/**
 * A verified, active member with a role, ties and an API token, made through the accounts
 * service (as `pontes users create` and `pontes tokens create` do). Act as them with
 * `headers` (token) or `signIn(app, email, password)` (browser session).
 */
export async function createMember(pontes: Pick<Pontes, 'db'>, options: TestMemberOptions): Promise<TestMember> {
  memberCount += 1;
  const email = options.email ?? `${options.role}-${memberCount}-${randomBytes(3).toString('hex')}@example.org`;
  const password = options.password ?? `correct horse battery ${memberCount}`;
  const member = await createMemberAccount(pontes.db, OPERATOR, { email, role: options.role, name: options.name ?? `Test ${options.role} ${memberCount}`, password, verified: true });
  if (options.organisationIds !== undefined || options.focalOrganisationIds !== undefined || options.focalPlaceIds !== undefined) {
    await changeMemberAccess(pontes.db, OPERATOR, member.id, {
      organisationIds: options.organisationIds ?? [],
      focalOrganisationIds: options.focalOrganisationIds ?? [],
      focalPlaceIds: options.focalPlaceIds ?? [],
    });
  }
  const { token } = await createApiToken(pontes.db, OPERATOR, { memberId: member.id, name: 'test', scope: options.role === 'admin' ? 'admin' : 'write' });
  return { memberId: member.id, email, password, token, headers: { authorization: `Bearer ${token}` } };
}

export interface TestSession {
  /** The Cookie header value, e.g. `pontes_session=…`. */
  cookie: string;
  csrfToken: string;
  /** cookie, x-csrf-token and a same-origin Origin: spread into app.inject({ headers }) for any request. */
  headers: { cookie: string; 'x-csrf-token': string; origin: string };
}

/** The origin app.inject() requests come from (its default Host is localhost:80). */
export const TEST_ORIGIN = 'http://localhost';

/**
 * Signs in through the real form (POST /sign-in) and returns the session cookie and its CSRF
 * token (read from the hidden `_csrf` field of /account). Forms: send `_csrf` in the body, or
 * just spread `headers`.
 */
export async function signIn(app: App, email: string, password: string): Promise<TestSession> {
  const response = await app.inject({ method: 'POST', url: '/sign-in', headers: { origin: TEST_ORIGIN }, payload: { email, password } });
  const setCookie = response.cookies.find((c) => c.name === 'pontes_session' && c.value !== '');
  if (response.statusCode !== 303 || setCookie === undefined) throw new Error(`sign-in of ${email} failed: ${response.statusCode} ${response.body.slice(0, 300)}`);
  const cookie = `pontes_session=${setCookie.value}`;
  const account = await app.inject({ method: 'GET', url: '/account', headers: { cookie } });
  const csrfToken = /name="_csrf" value="([^"]+)"/.exec(account.body)?.[1];
  if (csrfToken === undefined) throw new Error(`no CSRF token on /account after signing in ${email} (${account.statusCode})`);
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken, origin: TEST_ORIGIN } };
}

// Mail --------------------------------------------------------------------------------------------

export interface OutboxMessage {
  file: string;
  to: string;
  subject: string;
  text: string;
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => `%${hex}`);
    return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
  }
  return body;
}

/** The messages in an outbox folder (the .eml files of the mailer), oldest first, decoded. */
export function readOutbox(config: Pick<Config, 'outboxDir'>): OutboxMessage[] {
  if (!fs.existsSync(config.outboxDir)) return [];
  return fs
    .readdirSync(config.outboxDir)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => {
      const raw = fs.readFileSync(path.join(config.outboxDir, name), 'utf8');
      const split = raw.indexOf('\r\n\r\n');
      const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
      const header = (key: string) => new RegExp(`^${key}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
      const subject = header('Subject').replace(/=\?utf-8\?Q\?(.*?)\?=/gi, (_m, q: string) => decodeBody(q.replace(/_/g, ' '), 'quoted-printable'));
      return { file: name, to: header('To'), subject, text: decodeBody(raw.slice(split + 4), header('Content-Transfer-Encoding').toLowerCase()) };
    });
}

/** Waits (up to 5 s) for a message to this address whose subject or text matches; mail is sent after the response. */
export async function waitForMail(config: Pick<Config, 'outboxDir'>, to: string, match: RegExp = /./): Promise<OutboxMessage> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = readOutbox(config).filter((m) => m.to.toLowerCase().includes(to.toLowerCase()) && (match.test(m.subject) || match.test(m.text)));
    if (found.length > 0) return found.at(-1)!;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${String(match)} in ${config.outboxDir}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The first link in a message that starts with this path, as a path and query ("/verify-email?token=…"). */
export function linkIn(message: OutboxMessage, pathPrefix: string): string {
  const url = message.text.match(/https?:\/\/\S+/g)?.map((u) => new URL(u)).find((u) => u.pathname.startsWith(pathPrefix));
  if (url === undefined) throw new Error(`no link to ${pathPrefix} in:\n${message.text}`);
  return `${url.pathname}${url.search}`;
}
