import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPontes, type Pontes } from '../../bootstrap.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../platform/auth/password.js';
import { createMember, createTestPontes, fixturePlaces } from '../../../test/helpers.js';
import { purgeAccountsData, recordAudit } from './index.js';

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
