import { openPontes } from '../bootstrap.js';
import type { Config } from '../config.js';
import { PontesError } from '../errors.js';
import { say } from '../platform/log.js';
import { createMailer } from '../platform/mail/mailer.js';
import { runCommitmentReminders, todayUtc } from '../modules/roadmaps/index.js';
import { parseFlags } from './args.js';

const USAGE = 'pontes reminders run [--date YYYY-MM-DD]   (default: today, UTC)';

/**
 * `pontes reminders run`: the daily reminders of overdue commitments, once, now (what `serve`
 * does every day at PONTES_REMINDERS_AT). Safe to run any number of times: a commitment is
 * reminded once per day. Messages on stderr; the run's counts as one JSON line on stdout.
 */
export async function remindersCommand(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parseFlags(args, { date: { type: 'string' } }, USAGE);
  if (positionals.length !== 1 || positionals[0] !== 'run') throw new PontesError('USAGE', { detail: `usage: ${USAGE}` });
  const day = values.date ?? todayUtc();
  const parsed = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    throw new PontesError('USAGE', { detail: `--date must be a day written YYYY-MM-DD (got "${day}")\nusage: ${USAGE}` });
  }
  const pontes = await openPontes(config);
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: config.outboxDir });
  try {
    const run = await runCommitmentReminders(pontes.db, mailer, config, day);
    say(
      `Reminders for ${run.day}: ${run.due} overdue commitment${run.due === 1 ? '' : 's'} to remind; ${run.sent} sent (${run.messages} message${run.messages === 1 ? '' : 's'} through ${mailer.description}), ` +
        `${run.none} with nobody to write to, ${run.skipped} already reminded by another run, ${run.failed} failed.`,
    );
    process.stdout.write(`${JSON.stringify(run)}\n`);
    if (run.failed > 0) throw new PontesError('INTERNAL', { detail: `${run.failed} reminder${run.failed === 1 ? '' : 's'} could not be sent; the next run tries again` });
  } finally {
    mailer.close();
    await pontes.close();
  }
}
