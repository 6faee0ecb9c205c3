import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'migrations'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the Pontes project folder (package.json with migrations/)');
    dir = parent;
  }
}

/**
 * The project folder, found from this file whether it runs from src/ (tests, tsx) or dist/
 * (the built CLI), so that data files shipped in the repo are found the same way by both.
 */
export const projectRoot = findRoot();

export function projectPath(...parts: string[]): string {
  return path.join(projectRoot, ...parts);
}
