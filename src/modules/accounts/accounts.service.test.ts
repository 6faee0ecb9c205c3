import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPontes, type Pontes } from '../../bootstrap.js';
import { isPontesError } from '../../errors.js';
import { memberActor, OPERATOR } from '../../platform/auth/actor.js';
import { commonPasswordList, hashPassword, passwordProblem, verifyPassword } from '../../platform/auth/password.js';
import { createMember, createTestPontes, fixturePlaces } from '../../../test/helpers.js';
import { lockActiveAdmins, updateMember } from './accounts.repository.js';
import { deleteOwnAccount, recordSecurityEvent, SECURITY_EVENTS_PER_MINUTE } from './accounts.service.js';
import { changeMemberAccess, purgeAccountsData, recordAudit } from './index.js';

let pontes: Pontes;
beforeAll(async () => {
  pontes = await createTestPontes();
});
afterAll(async () => {
  await pontes?.close();
});

describe('passwords', () => {
  it('are Argon2id with 19 MiB, 2 passes, 1 lane; 12 to 256 characters (code points)', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    // a missing hash (unknown email) still costs a verification, and is false
    expect(await verifyPassword('correct horse battery', null)).toBe(false);
    expect(await verifyPassword('anything', 'not a phc string')).toBe(false);
    expect(passwordProblem('eleven char')).toBe('too_short');
    expect(passwordProblem('twelve chars')).toBeNull();
    expect(passwordProblem('🔑'.repeat(12))).toBeNull();
    expect(passwordProblem('x'.repeat(257))).toBe('too_long');
    // the same keys typed as composed or decomposed accents give the same password
    expect(await verifyPassword('cafe\u0301 au lait!!', await hashPassword('caf\u00e9 au lait!!'))).toBe(true);
  });
});

describe('common passwords (ASVS 6.2.4)', () => {
  it('refuses the 10,000 most common passwords of 12 characters or more, in any case', () => {
    const list = commonPasswordList();
    expect(list.size).toBe(10_000);
    for (const entry of list) {
      expect([...entry].length).toBeGreaterThanOrEqual(12);
      expect(entry).toBe(entry.toLowerCase());
    }
    expect(passwordProblem('123qweasdzxc')).toBe('common');
    expect(passwordProblem('Qwerty123456')).toBe('common');
    expect(passwordProblem('1QAZ2wsx3edc')).toBe('common');
    expect(passwordProblem('correct horse battery')).toBeNull();
    // shorter ones are refused for their length first
    expect(passwordProblem('password')).toBe('too_short');
  });
});

describe('the last active administrator (V2.3.4)', () => {
  const activeAdmins = async () =>
    Number((await pontes.db.selectFrom('members').select((eb) => eb.fn.countAll<string>().as('n')).where('role', '=', 'admin').where('state', '=', 'active').executeTakeFirstOrThrow()).n);
  const codeOf = (result: PromiseSettledResult<unknown>) => (result.status === 'fulfilled' ? 'ok' : isPontesError(result.reason) ? result.reason.code : String(result.reason));

  it('two demotions started at once: exactly one succeeds, one admin is left (several rounds)', async () => {
    const a = await createMember(pontes, { role: 'admin' });
    const b = await createMember(pontes, { role: 'admin' });
    for (let round = 0; round < 4; round++) {
      await pontes.db.updateTable('members').set({ role: 'admin', state: 'active' }).where('id', 'in', [a.memberId, b.memberId]).execute();
      await pontes.db.updateTable('members').set({ role: 'member' }).where('role', '=', 'admin').where('id', 'not in', [a.memberId, b.memberId]).execute();
      expect(await activeAdmins()).toBe(2);
      const results = await Promise.allSettled([
        changeMemberAccess(pontes.db, OPERATOR, a.memberId, round % 2 === 0 ? { role: 'member' } : { state: 'disabled' }),
        changeMemberAccess(pontes.db, OPERATOR, b.memberId, { role: 'curator' }),
      ]);
      expect(results.map(codeOf).sort()).toEqual(['CONFLICT', 'ok']);
      expect(await activeAdmins()).toBe(1);
    }
  });

  it('a demotion waits for one in progress (rows locked), then sees it and refuses; so does a deletion', async () => {
    const a = await createMember(pontes, { role: 'admin' });
    const b = await createMember(pontes, { role: 'admin' });
    await pontes.db.updateTable('members').set({ role: 'member' }).where('role', '=', 'admin').where('id', 'not in', [a.memberId, b.memberId]).execute();
    await pontes.db.updateTable('members').set({ state: 'active' }).where('id', 'in', [a.memberId, b.memberId]).execute();
    let second: Promise<string> | undefined;
    let settledEarly = false;
    // A first transaction holds the lock and demotes a, uncommitted, while b's demotion starts.
    // On PostgreSQL the second blocks on the row locks (without them it would count 2 admins and
    // pass); on PGlite it waits for the one connection. Either way it runs after the commit.
    await pontes.db.transaction().execute(async (trx) => {
      expect((await lockActiveAdmins(trx)).sort()).toEqual([a.memberId, b.memberId].sort());
      await updateMember(trx, a.memberId, { role: 'member' });
      second = changeMemberAccess(pontes.db, OPERATOR, b.memberId, { role: 'member' }).then(() => 'ok', (error: unknown) => (isPontesError(error) ? error.code : String(error)));
      void second.then(() => { settledEarly = true; });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settledEarly).toBe(false);
    });
    expect(await second).toBe('CONFLICT');
    expect(await activeAdmins()).toBe(1);
    // the last admin cannot delete their own account either (checked under the same lock)
    const accounts = { db: pontes.db, config: pontes.config, mailer: undefined as never };
    const self = memberActor({ memberId: b.memberId, role: 'admin', via: 'session' });
    await expect(deleteOwnAccount(accounts, self, b.password, { ip: null })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await activeAdmins()).toBe(1);
  });
});

describe('security events (throttled audit entries)', () => {
  it('one row per kind and address a minute, and at most SECURITY_EVENTS_PER_MINUTE of a kind in all', async () => {
    expect(await recordSecurityEvent(pontes.db, { action: 'csrf_refused', ip: '198.18.0.1', detail: { path: '/x' } })).toBe(true);
    expect(await recordSecurityEvent(pontes.db, { action: 'csrf_refused', ip: '198.18.0.1', detail: { path: '/y' } })).toBe(false);
    expect(await recordSecurityEvent(pontes.db, { action: 'token_refused', ip: '198.18.0.1' })).toBe(true);
    for (let i = 2; i <= SECURITY_EVENTS_PER_MINUTE; i++) expect(await recordSecurityEvent(pontes.db, { action: 'csrf_refused', ip: `198.18.1.${i}` })).toBe(true);
    // the cap for the kind is reached: a new address writes nothing, another kind still does
    expect(await recordSecurityEvent(pontes.db, { action: 'csrf_refused', ip: '198.18.2.1' })).toBe(false);
    expect(await recordSecurityEvent(pontes.db, { action: 'rate_limited', ip: '198.18.2.1' })).toBe(true);
    const count = async () => Number((await pontes.db.selectFrom('auditLog').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'csrf_refused').executeTakeFirstOrThrow()).n);
    expect(await count()).toBe(SECURITY_EVENTS_PER_MINUTE);
    // a minute later both limits have passed
    await pontes.db.updateTable('auditLog').set({ at: new Date(Date.now() - 61_000) }).where('action', '=', 'csrf_refused').execute();
    expect(await recordSecurityEvent(pontes.db, { action: 'csrf_refused', ip: '198.18.0.1' })).toBe(true);
    expect(await count()).toBe(SECURITY_EVENTS_PER_MINUTE + 1);
  });
});

describe('the audit log', () => {
  it('recordAudit writes a line; the purge erases IP addresses older than PONTES_AUDIT_IP_DAYS only', async () => {
    const member = await createMember(pontes, { role: 'member' });
    await recordAudit(pontes.db, { action: 'practice.publish', memberId: member.memberId, recordType: 'practice', recordId: member.memberId, ip: '192.0.2.1', detail: { from: 'in_review' } });
    await recordAudit(pontes.db, { action: 'old_one', memberId: member.memberId, ip: '192.0.2.2' });
    await recordAudit(pontes.db, { action: 'recent_one', memberId: member.memberId, ip: '192.0.2.3' });
    await pontes.db.updateTable('auditLog').set({ at: new Date(Date.now() - 91 * 86_400_000) }).where('action', '=', 'old_one').execute();
    await pontes.db.updateTable('auditLog').set({ at: new Date(Date.now() - 89 * 86_400_000) }).where('action', '=', 'recent_one').execute();
    const result = await purgeAccountsData(pontes.db, { auditIpDays: 90, sessionIdleMinutes: 120 });
    expect(result.ipsErased).toBe(1);
    const rows = await pontes.db.selectFrom('auditLog').select(['action', 'ip', 'detail']).where('memberId', '=', member.memberId).where('action', 'in', ['practice.publish', 'old_one', 'recent_one']).orderBy('id').execute();
    expect(rows).toEqual([
      { action: 'practice.publish', ip: '192.0.2.1', detail: { from: 'in_review' } },
      { action: 'old_one', ip: null, detail: {} },
      { action: 'recent_one', ip: '192.0.2.3', detail: {} },
    ]);
    // a shorter retention erases more
    expect((await purgeAccountsData(pontes.db, { auditIpDays: 30, sessionIdleMinutes: 120 })).ipsErased).toBe(1);
  });

  it('runs at every start (openPontes), on a reopened data folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pontes-purge-'));
    try {
      const options = { target: { kind: 'embedded' as const, dataDir: dir }, referencePlaces: fixturePlaces, referenceSource: 'test fixture', progress: null };
      const first = await openPontes(pontes.config, options);
      await recordAudit(first.db, { action: 'before_restart', ip: '192.0.2.9' });
      await first.db.updateTable('auditLog').set({ at: new Date(Date.now() - 200 * 86_400_000) }).where('action', '=', 'before_restart').execute();
      await first.close();
      const second = await openPontes(pontes.config, options);
      try {
        expect(await second.db.selectFrom('auditLog').select('ip').where('action', '=', 'before_restart').execute()).toEqual([{ ip: null }]);
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
