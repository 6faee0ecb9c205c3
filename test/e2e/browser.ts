import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectPath } from '../../src/platform/paths.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Is there a browser to drive? CI installs Debian's chromium; a developer machine may not have it. */
export const hasChromium = fs.existsSync(CHROMIUM);

if (!hasChromium) {
  const message = `browser tests need Chromium at ${CHROMIUM} (apt-get install chromium)`;
  // In CI a missing browser is a failure, never a silent skip.
  if (process.env.CI === 'true') throw new Error(message);
  process.stderr.write(`SKIPPING browser tests: ${message}\n`);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Serious and critical axe-core violations of the page, as "rule (nodes)". */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: fs.readFileSync(projectPath('node_modules', 'axe-core', 'axe.min.js'), 'utf8') });
  const results = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as { violations: { id: string; impact: string; nodes: unknown[] }[] };
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
}
