import { openPontes } from '../bootstrap.js';
import type { Config } from '../config.js';
import { PontesError } from '../errors.js';
import { say } from '../platform/log.js';
import { loadReferencePlaces, readAllTheCities, REFERENCE_SOURCE } from '../modules/places/index.js';

/** `pontes places load`: reloads the reference places (new ones added, known ones refreshed). */
export async function placesCommand(config: Config, args: string[]): Promise<void> {
  if (args[0] !== 'load' || args.length > 1) throw new PontesError('USAGE', { detail: 'usage: pontes places load' });
  const pontes = await openPontes(config);
  try {
    const result = await loadReferencePlaces(pontes.db, readAllTheCities(), REFERENCE_SOURCE);
    say(`Places: ${result.loaded} loaded (${result.added} new) in ${result.seconds.toFixed(1)} s.`);
    process.stdout.write(`${result.loaded}\n`);
  } finally {
    await pontes.close();
  }
}
