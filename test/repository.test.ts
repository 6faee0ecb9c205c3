import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../src/platform/paths.js';

function files(dir: string, pattern: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full, pattern) : pattern.test(entry.name) ? [full] : [];
  });
}

const shared = path.resolve(projectPath(), '..', 'shared');
const hasShared = fs.existsSync(path.join(shared, 'schemas'));
// Said aloud, not skipped in silence: a clone without the team's shared/ folder beside it.
if (!hasShared) process.stderr.write(`SKIPPING the shared/ identity check: no ${path.join(shared, 'schemas')} beside this clone\n`);

describe('the repository keeps its promises', () => {
  it.runIf(hasShared)('schemas/ are byte-identical copies of the shared exchange format', () => {
    for (const name of ['practice.schema.json', 'vocabularies.json']) {
      expect(fs.readFileSync(projectPath('schemas', name)).equals(fs.readFileSync(path.join(shared, 'schemas', name))), name).toBe(true);
    }
    expect(fs.readFileSync(projectPath('reference', 'country-codes.csv')).equals(fs.readFileSync(path.join(shared, 'data', 'country-codes.csv')))).toBe(true);
  });

  it('raw HTML reaches pages in one audited place only', () => {
    const users = files(projectPath('src'), /\.(ts|tsx)$/)
      .filter((file) => !file.endsWith('.test.ts') && fs.readFileSync(file, 'utf8').includes('dangerouslySetInnerHTML'))
      .map((file) => path.relative(projectPath(), file));
    expect(users).toEqual(['src/views/safe-html.tsx']);
  });

  it('only repositories (and the platform database layer) contain SQL', () => {
    const offenders = files(projectPath('src', 'modules'), /\.(ts|tsx)$/)
      .filter((file) => !file.endsWith('.repository.ts') && !file.endsWith('.test.ts'))
      .filter((file) => /\bsql`|selectFrom\(|insertInto\(|updateTable\(|deleteFrom\(/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(projectPath(), file));
    expect(offenders).toEqual([]);
  });

  it('platform/ imports nothing from modules/', () => {
    const offenders = files(projectPath('src', 'platform'), /\.(ts|tsx)$/).filter((file) => /from '.*modules\//.test(fs.readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('modules use each other through index.ts only', () => {
    const offenders: string[] = [];
    for (const file of files(projectPath('src', 'modules'), /\.(ts|tsx)$/)) {
      const own = path.basename(path.dirname(file));
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/from '\.\.\/([a-z]+)\/([^']+)'/g)) {
        if (match[1] !== own && match[1] !== 'api' && match[2] !== 'index.js') offenders.push(`${path.relative(projectPath(), file)} → ${match[1]!}/${match[2]!}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
