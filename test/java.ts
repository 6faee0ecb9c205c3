import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectPath } from '../src/platform/paths.js';

/** The HTML checker (vnu) runs on Java; CI installs it, a developer machine may lack it. */
export const hasJava = spawnSync('java', ['-version']).status === 0;

if (!hasJava) {
  const message = 'the HTML validity test needs Java (apt-get install default-jre-headless)';
  // In CI a missing tool is a failure, never a silent skip.
  if (process.env.CI === 'true') throw new Error(message);
  process.stderr.write(`SKIPPING: ${message}\n`);
}

/**
 * The Nu Html Checker's errors for these pages (name → HTML), as its text report; '' when every
 * page is valid. One Java start for all the pages.
 */
export function htmlErrors(pages: Iterable<[string, string]>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pontes-vnu-'));
  try {
    const files = [...pages].map(([name, html]) => {
      const file = path.join(dir, `${name.replace(/[^\w.-]/g, '_')}.html`);
      fs.writeFileSync(file, html);
      return file;
    });
    if (files.length === 0) throw new Error('htmlErrors: no page to check');
    try {
      execFileSync('java', ['-jar', projectPath('node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar'), '--errors-only', '--format', 'text', ...files], { stdio: 'pipe' });
      return '';
    } catch (error) {
      return String((error as { stderr?: Buffer }).stderr ?? error);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
