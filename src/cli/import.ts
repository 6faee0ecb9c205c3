import fs from 'node:fs';
import { openPontes } from '../bootstrap.js';
import type { Config } from '../config.js';
import { PontesError } from '../errors.js';
import { OPERATOR } from '../platform/auth/actor.js';
import { say } from '../platform/log.js';
import { createProgress } from '../platform/progress.js';
import { importPractices, type ImportStatus } from '../modules/practices/index.js';
import { parseFlags } from './args.js';

const USAGE = 'pontes import practices FILE.jsonl [--source NAME] [--status draft|published]';

/** `pontes import practices FILE`: all or nothing, every bad line reported, exit 1 if refused. */
export async function importCommand(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parseFlags(args, { source: { type: 'string' }, status: { type: 'string' } }, USAGE);
  const [what, file, ...rest] = positionals;
  if (what !== 'practices' || file === undefined || rest.length > 0) throw new PontesError('USAGE', { detail: `usage: ${USAGE}` });
  const status = (values.status ?? 'published') as string;
  if (status !== 'draft' && status !== 'published') throw new PontesError('USAGE', { detail: `--status must be draft or published (got "${status}")` });
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new PontesError('USAGE', { detail: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
  }
  const pontes = await openPontes(config);
  try {
    let progress: ReturnType<typeof createProgress> | undefined;
    const summary = await importPractices(pontes.db, OPERATOR, bytes, {
      source: values.source ?? 'local',
      status: status as ImportStatus,
      onProgress: (done, total) => {
        progress ??= createProgress('Importing practices', total);
        progress.update(done);
      },
    });
    progress?.finish(`${summary.records} records stored`);
    say(
      `Imported ${file} into source "${summary.source}" as ${summary.status}: ${summary.added} added, ${summary.updated} updated, ` +
        `${summary.refused} refused; ${summary.placesCreated} new places and ${summary.organisationsCreated} new organisations to review; ${summary.seconds.toFixed(1)} s.`,
    );
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await pontes.close();
  }
}
