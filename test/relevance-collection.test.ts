import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pontes } from '../src/bootstrap.js';
import { checkPracticeLines } from '../src/modules/practices/index.js';
import { projectPath } from '../src/platform/paths.js';
import { createTestPontes } from './helpers.js';

// The judged collection of bench/relevance must stay usable: valid lines, judged ids that exist.
let pontes: Pontes;
beforeAll(async () => {
  pontes = await createTestPontes();
});
afterAll(async () => {
  await pontes?.close();
});

describe('the relevance collection', () => {
  it('has at least 60 valid practices, and six sets of 30+ judged queries naming them', async () => {
    const { records, errors } = await checkPracticeLines(pontes.db, fs.readFileSync(projectPath('bench', 'relevance', 'practices.jsonl')));
    expect(errors).toEqual([]);
    expect(records.length).toBeGreaterThanOrEqual(60);
    const ids = new Set(records.map((r) => r.record.id));
    for (const file of ['queries.json', 'queries-heldout.json', 'queries-blind2.json', 'queries-blind3.json', 'queries-blind4.json', 'queries-blind5.json']) {
      const { queries } = JSON.parse(fs.readFileSync(projectPath('bench', 'relevance', file), 'utf8')) as { queries: { id: string; kind: string[]; judgments: Record<string, number> }[] };
      expect(queries.length, file).toBeGreaterThanOrEqual(30);
      for (const query of queries) {
        for (const id of Object.keys(query.judgments)) expect(ids.has(id), `${query.id} judges ${id}`).toBe(true);
        expect(Object.values(query.judgments).some((g) => g === 3), query.id).toBe(true);
      }
      for (const kind of ['cross-language', 'synonym', 'other-region']) expect(queries.filter((q) => q.kind.includes(kind)).length, `${file}: ${kind}`).toBeGreaterThanOrEqual(5);
    }
  });
});
