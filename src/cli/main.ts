import { loadConfig } from '../config.js';
import { isPontesError } from '../errors.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { migrateCommand } from './migrate.js';
import { placesCommand } from './places.js';
import { remindersCommand } from './reminders.js';
import { serve } from './serve.js';
import { tokensCommand } from './tokens.js';
import { usersCommand } from './users.js';

const HELP = `pontes — city-to-city cooperation on decent work

usage:
  pontes serve                             start the web server (loads the demo into an empty catalogue)
  pontes migrate                           apply database migrations
  pontes import practices FILE.jsonl [--source NAME] [--status draft|published]
  pontes export practices [--out FILE] [--source NAME] [filters]
  pontes places load                       reload the reference places (GeoNames)
  pontes users create --email E --role admin|curator|member [--name N]
                                           (password: first line of stdin, confirmed by the second; else prompted)
  pontes users list | disable --email E | set-role --email E --role R | invite --email E [--role R]
  pontes tokens create --email E --scope read|write|admin [--name N]
                                           print a new API token on the last line of stdout
  pontes reminders run [--date YYYY-MM-DD] remind the focal points of overdue commitments now
                                           (once a day per commitment; serve does it daily)

environment: PORT, HOST, PONTES_DATA_DIR, DATABASE_URL, PONTES_PUBLIC_URL, PONTES_REGISTRATION,
             PONTES_SMTP_URL, PONTES_MAIL_FROM, PONTES_OUTBOX_DIR, PONTES_DEMO, PONTES_RATE_LIMITS,
             PONTES_TRUSTED_PROXIES, PONTES_GLOBAL_SOUTH_RULE, PONTES_IMPORT_MAX_MB, PONTES_REMINDERS_AT, LOG_LEVEL … (see README.md)`;

/** The `pontes` command: one file per sub-command; errors become a message and an exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      process.stderr.write(`${HELP}\n`);
      return command === undefined ? 2 : 0;
    }
    const config = loadConfig();
    switch (command) {
      case 'serve':
        await serve(config);
        return 0;
      case 'migrate':
        await migrateCommand(config);
        return 0;
      case 'import':
        await importCommand(config, args);
        return 0;
      case 'export':
        await exportCommand(config, args);
        return 0;
      case 'places':
        await placesCommand(config, args);
        return 0;
      case 'users':
        await usersCommand(config, args);
        return 0;
      case 'tokens':
        await tokensCommand(config, args);
        return 0;
      case 'reminders':
        await remindersCommand(config, args);
        return 0;
      default:
        process.stderr.write(`pontes: unknown command "${command}"\n\n${HELP}\n`);
        return 2;
    }
  } catch (error) {
    if (isPontesError(error)) {
      process.stderr.write(`pontes: ${error.message}\n`);
      if (error.code === 'IMPORT_REFUSED' && error.errors !== undefined) {
        for (const e of error.errors as { line: number; field?: string; reason: string; value?: string }[]) {
          process.stderr.write(`  line ${e.line}${e.field !== undefined ? `, ${e.field}` : ''}: ${e.reason}${e.value !== undefined ? ` (value: ${e.value})` : ''}\n`);
        }
      }
      return error.code === 'USAGE' ? 2 : 1;
    }
    process.stderr.write(`pontes: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
