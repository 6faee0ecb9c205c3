import { buildApp } from '../app.js';
import { loadDemoIfEmpty, openPontes } from '../bootstrap.js';
import type { Config } from '../config.js';
import { purgeAccountsData } from '../modules/accounts/index.js';
import { runCommitmentReminders } from '../modules/roadmaps/index.js';
import { metaLedger, scheduleDaily, type ScheduledJob } from '../platform/jobs/scheduler.js';
import { say } from '../platform/log.js';
import { createMailer } from '../platform/mail/mailer.js';

/**
 * `pontes serve`: opens the data, loads the demo into an empty catalogue, listens, and closes
 * everything cleanly on SIGINT/SIGTERM (PGlite must be closed, or its folder is left mid-write).
 */
export async function serve(config: Config): Promise<void> {
  const pontes = await openPontes(config);
  // One mailer for the app and the daily jobs (closed after the app, at the end).
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: config.outboxDir, onError: (error, message) => app?.log.error({ err: error, subject: message.subject }, 'a message could not be sent') });
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    await loadDemoIfEmpty(pontes);
    app = await buildApp({ db: pontes.db, config, mailer });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app?.close();
    mailer.close();
    await pontes.close();
    throw error;
  }
  const server = app;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  say(`Pontes is running on ${pontes.database.description}: open http://${shownHost}:${config.port}/`);
  // Daily: erase old audit-log IP addresses, drop expired sessions and links.
  const purge = setInterval(() => {
    purgeAccountsData(pontes.db, config).catch((error: unknown) => server.log.error({ err: error }, 'the daily purge of account data failed'));
  }, 24 * 3_600_000);
  purge.unref();
  // Daily at PONTES_REMINDERS_AT (UTC), and now if today's run has not happened yet.
  let reminders: ScheduledJob | undefined;
  if (config.remindersAt !== null) {
    reminders = scheduleDaily(
      { name: 'commitment-reminders', at: config.remindersAt, run: async (day) => {
        const run = await runCommitmentReminders(pontes.db, mailer, config, day);
        server.log.info({ reminders: run }, `commitment reminders for ${day}: ${run.sent} sent, ${run.none} with nobody to write to, ${run.failed} failed`);
      } },
      { ledger: metaLedger(pontes.db), onError: (error) => server.log.error({ err: error }, 'the daily commitment reminders failed') },
    );
  }
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      clearInterval(purge);
      say(`${signal}: stopping…`);
      void (async () => {
        try {
          await reminders?.stop();
          await server.close();
        } finally {
          mailer.close();
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
