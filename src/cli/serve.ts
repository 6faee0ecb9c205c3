import { buildApp } from '../app.js';
import { loadDemoIfEmpty, openPontes } from '../bootstrap.js';
import type { Config } from '../config.js';
import { purgeAccountsData } from '../modules/accounts/index.js';
import { say } from '../platform/log.js';

/**
 * `pontes serve`: opens the data, loads the demo into an empty catalogue, listens, and closes
 * everything cleanly on SIGINT/SIGTERM (PGlite must be closed, or its folder is left mid-write).
 */
export async function serve(config: Config): Promise<void> {
  const pontes = await openPontes(config);
  let app;
  try {
    await loadDemoIfEmpty(pontes);
    app = await buildApp({ db: pontes.db, config });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app?.close();
    await pontes.close();
    throw error;
  }
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  say(`Pontes is running on ${pontes.database.description}: open http://${shownHost}:${config.port}/`);
  // Daily: erase old audit-log IP addresses, drop expired sessions and links.
  const purge = setInterval(() => {
    purgeAccountsData(pontes.db, config).catch((error: unknown) => app.log.error({ err: error }, 'the daily purge of account data failed'));
  }, 24 * 3_600_000);
  purge.unref();
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      clearInterval(purge);
      say(`${signal}: stopping…`);
      void (async () => {
        try {
          await app.close();
        } finally {
          await pontes.close();
          say('Stopped; the data is closed cleanly.');
          resolve();
        }
      })();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
