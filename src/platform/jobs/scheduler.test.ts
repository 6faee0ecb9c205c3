import { describe, expect, it } from 'vitest';
import { scheduleDaily, utcDay, type DailyJob, type JobLedger } from './scheduler.js';

function memoryLedger(initial: Record<string, string> = {}): JobLedger & { days: Record<string, string> } {
  const days = { ...initial };
  return { days, lastRunDay: async (name) => days[name], recordRun: async (name, day) => void (days[name] = day) };
}

function countingJob(at = { hour: 6, minute: 0 }, fail = false): DailyJob & { runs: string[] } {
  const runs: string[] = [];
  return {
    name: 'test-job', at, runs,
    async run(day) {
      runs.push(day);
      if (fail) throw new Error('boom');
    },
  };
}

const noErrors = (error: unknown) => {
  throw error;
};

describe('the daily scheduler', () => {
  it('runs once at start-up when the job has not run today, and not again the same day', async () => {
    const ledger = memoryLedger({ 'test-job': '2030-05-01' });
    const job = countingJob();
    const scheduled = scheduleDaily(job, { ledger, onError: noErrors, now: () => new Date('2030-05-02T01:00:00Z') });
    try {
      // the start-up run is under way; a second call waits for it and finds the day done
      expect(await scheduled.runIfDue()).toBe(false);
      expect(job.runs).toEqual(['2030-05-02']);
      expect(ledger.days['test-job']).toBe('2030-05-02');
    } finally {
      await scheduled.stop();
    }
  });

  it('does nothing at start-up when today is done, and ticks daily at the configured UTC time', async () => {
    const today = utcDay(new Date());
    const job = countingJob({ hour: 23, minute: 59 });
    const scheduled = scheduleDaily(job, { ledger: memoryLedger({ 'test-job': today }), onError: noErrors });
    try {
      expect(await scheduled.runIfDue()).toBe(false);
      expect(job.runs).toEqual([]);
      const next = scheduled.nextRun()!;
      expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([23, 59]);
      expect(next.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
    } finally {
      await scheduled.stop();
    }
    expect(scheduled.nextRun()).toBeNull();
  });

  it('reports a failed run and leaves the day open, so it is tried again', async () => {
    const errors: unknown[] = [];
    const ledger = memoryLedger();
    const job = countingJob({ hour: 6, minute: 0 }, true);
    const scheduled = scheduleDaily(job, { ledger, onError: (error) => errors.push(error), now: () => new Date('2030-05-02T07:00:00Z'), catchUp: false });
    try {
      expect(await scheduled.runIfDue()).toBe(false);
      expect(await scheduled.runIfDue()).toBe(false);
      expect(job.runs).toEqual(['2030-05-02', '2030-05-02']);
      expect(errors).toHaveLength(2);
      expect(ledger.days['test-job']).toBeUndefined();
    } finally {
      await scheduled.stop();
    }
  });
});
