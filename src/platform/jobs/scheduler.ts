import { Cron } from 'croner';
import type { QueryExecutorProvider } from 'kysely';
import { readMeta, writeMeta } from '../db/meta.js';

/**
 * Background work that runs once a day ("jobs"; the word "event" belongs to the domain). The
 * scheduler knows nothing of what a job does: it calls `run(day)` with the UTC day it runs for,
 * at the configured UTC time every day (croner), and once at start-up when the job has not run
 * yet that day, so a server that was down at the time still does the day's work. A day counts as
 * run only when `run` succeeded; a failure is reported and retried at the next start or tick.
 */
export interface DailyJob {
  /** A stable name: the key of its last run in the ledger, and in logs. */
  name: string;
  /** The time of day it runs, UTC. */
  at: { hour: number; minute: number };
  run(day: string): Promise<void>;
}

/** Where the scheduler keeps the last day each job ran (the meta table, or memory in tests). */
export interface JobLedger {
  lastRunDay(name: string): Promise<string | undefined>;
  recordRun(name: string, day: string): Promise<void>;
}

/** The ledger in the database's meta table (`job:<name>` → {"day": "YYYY-MM-DD"}). */
export function metaLedger(db: QueryExecutorProvider): JobLedger {
  return {
    async lastRunDay(name) {
      return (await readMeta<{ day?: string }>(db, `job:${name}`))?.day;
    },
    async recordRun(name, day) {
      await writeMeta(db, `job:${name}`, { day, at: new Date().toISOString() });
    },
  };
}

/** The UTC calendar day of an instant, YYYY-MM-DD. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

export interface ScheduledJob {
  /** When the daily tick fires next (null once stopped). */
  nextRun(): Date | null;
  /** Runs the job now if it has not run today (what the start-up and each tick do); true if it ran. */
  runIfDue(): Promise<boolean>;
  /** Stops the daily tick and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

export interface ScheduleOptions {
  ledger: JobLedger;
  /** Reports a run that threw (logged by the caller); the day is not recorded, so it is retried. */
  onError: (error: unknown, job: DailyJob) => void;
  /** Reports a finished run, e.g. for the server log. */
  onRun?: (job: DailyJob, day: string) => void;
  /** The clock (tests fix it). */
  now?: () => Date;
  /** Run once at start-up if the job has not run today (default true). */
  catchUp?: boolean;
}

/** Starts a daily job: the start-up catch-up (not awaited) and the daily tick at `job.at` UTC. */
export function scheduleDaily(job: DailyJob, options: ScheduleOptions): ScheduledJob {
  const now = options.now ?? (() => new Date());
  let running: Promise<boolean> | null = null;

  const attempt = async (): Promise<boolean> => {
    const day = utcDay(now());
    try {
      if ((await options.ledger.lastRunDay(job.name)) === day) return false;
      await job.run(day);
      await options.ledger.recordRun(job.name, day);
      options.onRun?.(job, day);
      return true;
    } catch (error) {
      options.onError(error, job);
      return false;
    }
  };
  // One run at a time: a tick that comes while the start-up run is still going waits for it
  // and then finds the day done.
  const runIfDue = async (): Promise<boolean> => {
    while (running !== null) await running;
    running = attempt();
    try {
      return await running;
    } finally {
      running = null;
    }
  };

  const pattern = `${job.at.minute} ${job.at.hour} * * *`;
  const cron = new Cron(pattern, { timezone: 'UTC', unref: true }, () => {
    void runIfDue();
  });
  if (options.catchUp !== false) void runIfDue();

  return {
    nextRun: () => cron.nextRun(),
    runIfDue,
    async stop() {
      cron.stop();
      while (running !== null) await running;
    },
  };
}
