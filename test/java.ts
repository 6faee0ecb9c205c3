import { spawnSync } from 'node:child_process';

/** The HTML checker (vnu) runs on Java; CI installs it, a developer machine may lack it. */
export const hasJava = spawnSync('java', ['-version']).status === 0;

if (!hasJava) {
  const message = 'the HTML validity test needs Java (apt-get install default-jre-headless)';
  // In CI a missing tool is a failure, never a silent skip.
  if (process.env.CI === 'true') throw new Error(message);
  process.stderr.write(`SKIPPING: ${message}\n`);
}
