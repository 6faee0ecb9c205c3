import { buildApp } from '../app.js';
import { loadDemoIfEmpty, openPontes } from '../bootstrap.js';
import type { Config } from '../config.js';
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
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
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
