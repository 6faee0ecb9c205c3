import { openPontes } from '../bootstrap.js';
import type { Config } from '../config.js';
import { say } from '../platform/log.js';

/** `pontes migrate`: applies pending migrations (every command does so too) and says where. */
export async function migrateCommand(config: Config): Promise<void> {
  const pontes = await openPontes(config);
  try {
    say(`Database up to date: ${pontes.database.description}.`);
  } finally {
    await pontes.close();
  }
}
