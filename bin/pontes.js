#!/usr/bin/env node
// The `pontes` command. `npm ci` builds dist/ (the "prepare" script); this file only loads it.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('pontes: dist/ is missing; run `npm ci` (or `npm run build`) in the project folder first.\n');
  process.exit(1);
}
await import(entry.href);
