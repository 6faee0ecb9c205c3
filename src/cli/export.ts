import fs from 'node:fs';
import { once } from 'node:events';
import { openPontes } from '../bootstrap.js';
import type { Config } from '../config.js';
import { PontesError } from '../errors.js';
import { OPERATOR } from '../platform/auth/actor.js';
import { say } from '../platform/log.js';
import { exportPractices, type PracticeQuery } from '../modules/practices/index.js';
import { parseFlags } from './args.js';

const USAGE =
  'pontes export practices [--out FILE] [--source NAME] [--status S,...] [--pillars ..] [--sectors ..] [--target_groups ..] [--challenges ..] [--critical_areas ..] [--modality ..] [--country ..] [--region ..] [--good_practice true|false]';

const FILTER_FLAGS = ['source', 'status', 'pillars', 'sectors', 'target_groups', 'challenges', 'critical_areas', 'modality', 'country', 'region', 'good_practice'] as const;

/**
 * `pontes export practices`: the exchange format, one record per line, each with its source id
 * as `id`. Writes to a temporary file and renames it, so a failed export leaves no half file.
 */
export async function exportCommand(config: Config, args: string[]): Promise<void> {
  const options = Object.fromEntries([...FILTER_FLAGS, 'out'].map((name) => [name, { type: 'string' as const }]));
  const { values, positionals } = parseFlags(args, options, USAGE);
  if (positionals[0] !== 'practices' || positionals.length > 1) throw new PontesError('USAGE', { detail: `usage: ${USAGE}` });
  const query: PracticeQuery = {};
  for (const name of FILTER_FLAGS) {
    const value = values[name];
    if (typeof value === 'string') query[name] = value;
  }
  // The CLI is the operator's: every status unless asked otherwise.
  query.status ??= 'draft,submitted,in_review,published,archived';
  const out = typeof values.out === 'string' ? values.out : undefined;
  const pontes = await openPontes(config);
  const started = Date.now();
  let count = 0;
  const temp = out === undefined ? undefined : `${out}.${process.pid}.tmp`;
  const stream = temp === undefined ? process.stdout : fs.createWriteStream(temp);
  try {
    const seen = new Map<string, string>();
    for await (const record of exportPractices(pontes.db, OPERATOR, query)) {
      const line = `${JSON.stringify(record)}\n`;
      if (!stream.write(line)) await once(stream, 'drain');
      count++;
      if (seen.has(record.id)) say(`warning: id "${record.id}" appears in more than one source; use --source to export one collection`);
      seen.set(record.id, record.id);
      if (count % 1000 === 0) process.stderr.write(`Exporting practices: ${count}\r`);
    }
    if (temp !== undefined && out !== undefined) {
      await new Promise<void>((resolve, reject) => (stream as fs.WriteStream).end((error?: Error | null) => (error ? reject(error) : resolve())));
      fs.renameSync(temp, out);
    }
    say(`Exported ${count} practices${out !== undefined ? ` to ${out}` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } catch (error) {
    if (temp !== undefined) fs.rmSync(temp, { force: true });
    throw error;
  } finally {
    await pontes.close();
  }
}
