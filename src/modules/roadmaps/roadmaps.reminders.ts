import { publicBase, type Config } from '../../config.js';
import type { Db } from '../../database.js';
import { OPERATOR } from '../../platform/auth/actor.js';
import { createI18n, type Translate } from '../../platform/i18n/i18n.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { focalPointContacts } from '../accounts/index.js';
import { isDay, todayUtc, type Commitment } from './roadmaps.domain.js';
import * as repo from './roadmaps.repository.js';
import { getCommitment } from './roadmaps.service.js';

/** What one run of the reminders did. */
export interface ReminderRun {
  /** The day it ran for (UTC). */
  day: string;
  /** Overdue commitments that had no reminder for the day when the run began. */
  due: number;
  /** Reminders recorded and sent (by SMTP or to the outbox). */
  sent: number;
  /** Messages written: one per focal point of each reminded commitment. */
  messages: number;
  /** Reminders recorded with delivery 'none': no owner has a focal point to write to. */
  none: number;
  /** Reminders another run recorded first (two servers, or the job and the CLI at once). */
  skipped: number;
  /** Reminders that could not be sent; their claim is given back so the next run tries again. */
  failed: number;
}

function message(t: Translate, commitment: Commitment, base: string, day: string) {
  const owners = commitment.owners.map((o) => o.name).join(', ');
  return {
    subject: t('roadmaps.reminder.subject', { number: commitment.number, roadmap: commitment.roadmapTitle.slice(0, 120) }),
    text: [
      t('roadmaps.reminder.body', {
        number: commitment.number, roadmap: commitment.roadmapTitle, text: commitment.text, due: commitment.dueOn ?? '', owners,
        status: t(`lifecycle.status.commitment.${commitment.status}`), day,
      }),
      '',
      `${base}/commitments/${commitment.id}`,
      '',
      t('roadmaps.reminder.footer'),
      '',
    ].join('\n'),
  };
}

/**
 * The daily job: one reminder per overdue commitment per day (commitment_reminders is unique on
 * commitment and day, so a second run the same day sends nothing new), sent by email to the
 * focal points of the commitment's owners (SMTP when PONTES_SMTP_URL is set, the outbox folder
 * otherwise), recorded with delivery 'none' when nobody is there to write to. Demo data,
 * archived and deleted roadmaps get no reminders. The claim of a reminder is written before it
 * is sent, so two servers running the job at once never send it twice; a reminder that could
 * not be sent is given back and tried again by the next run.
 */
export async function runCommitmentReminders(
  db: Db, mailer: Mailer, config: Pick<Config, 'smtpUrl' | 'publicUrl' | 'host' | 'port'>, today: string = todayUtc(),
): Promise<ReminderRun> {
  if (!isDay(today)) throw new Error(`runCommitmentReminders: ${today} is not a day (YYYY-MM-DD)`);
  const t = createI18n().translator('en');
  const base = publicBase(config);
  const delivery = config.smtpUrl !== undefined ? 'smtp' : 'outbox';
  const ids = await repo.commitmentsToRemind(db, today);
  const run: ReminderRun = { day: today, due: ids.length, sent: 0, messages: 0, none: 0, skipped: 0, failed: 0 };
  for (const id of ids) {
    const claim = await repo.claimReminder(db, id, today);
    if (claim === undefined) {
      run.skipped += 1;
      continue;
    }
    try {
      const commitment = await getCommitment(db, OPERATOR, id, today);
      const contacts = await focalPointContacts(db, {
        placeIds: commitment.owners.flatMap((o) => (o.placeId !== null ? [o.placeId] : [])),
        organisationIds: commitment.owners.flatMap((o) => (o.organisationId !== null ? [o.organisationId] : [])),
      });
      if (contacts.length === 0) {
        await repo.completeReminder(db, claim, [], 'none');
        run.none += 1;
        continue;
      }
      const { subject, text } = message(t, commitment, base, today);
      const reached: string[] = [];
      for (const contact of contacts) {
        try {
          await mailer.send({ to: contact.email, subject, text });
          reached.push(contact.email);
        } catch {
          // The others still get theirs; the reminder counts as sent if anyone got it.
        }
      }
      if (reached.length === 0) {
        await repo.releaseReminder(db, claim);
        run.failed += 1;
        continue;
      }
      await repo.completeReminder(db, claim, reached, delivery);
      run.sent += 1;
      run.messages += reached.length;
    } catch (error) {
      await repo.releaseReminder(db, claim);
      throw error;
    }
  }
  return run;
}
