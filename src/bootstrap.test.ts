import { afterEach, describe, expect, it } from 'vitest';
import { loadDemoIfEmpty, type Pontes } from './bootstrap.js';
import { OPERATOR } from './platform/auth/actor.js';
import { countPractices, importPractices } from './modules/practices/index.js';
import { countReferencePlaces } from './modules/places/index.js';
import { createTestPontes, jsonl, practiceRecord } from '../test/helpers.js';

let pontes: Pontes | undefined;
afterEach(async () => {
  await pontes?.close();
  pontes = undefined;
});

describe('opening Pontes', () => {
  it('applies migrations and loads countries and reference places into a new database', async () => {
    pontes = await createTestPontes();
    expect(await countReferencePlaces(pontes.db)).toBe(28);
    const mz = await pontes.db.selectFrom('countries').selectAll().where('code', '=', 'MZ').executeTakeFirstOrThrow();
    expect(mz).toMatchObject({ globalSouth: true, globalSouthRule: 'unctad', regionCode: '002' });
  });

  it('loads the demo, published, only into an empty catalogue', async () => {
    pontes = await createTestPontes();
    const summary = await loadDemoIfEmpty(pontes);
    expect(summary?.added).toBe(await countPractices(pontes.db));
    expect(await loadDemoIfEmpty(pontes)).toBeUndefined();
  });

  it('does not load the demo when the catalogue holds any practice, or with PONTES_DEMO=0', async () => {
    pontes = await createTestPontes();
    await importPractices(pontes.db, OPERATOR, jsonl([practiceRecord()]), { source: 'mine', status: 'draft' });
    expect(await loadDemoIfEmpty(pontes)).toBeUndefined();
    await pontes.close();
    pontes = await createTestPontes({ PONTES_DEMO: '0' });
    expect(await loadDemoIfEmpty(pontes)).toBeUndefined();
    expect(await countPractices(pontes.db)).toBe(0);
  });
});
