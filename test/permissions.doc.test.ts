import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { permissionsMarkdown } from '../src/platform/auth/permissions.js';
import { projectPath } from '../src/platform/paths.js';

describe('docs/permissions.md', () => {
  it('is the permission table of the code (regenerate: npx tsx -e "import(\'./src/platform/auth/permissions.ts\').then(m => process.stdout.write(m.permissionsMarkdown()))" > docs/permissions.md)', () => {
    expect(fs.readFileSync(projectPath('docs', 'permissions.md'), 'utf8')).toBe(permissionsMarkdown());
  });
});
