import type { Db } from '../../database.js';
import { isPontesError } from '../../errors.js';
import type { Actor } from '../../platform/auth/actor.js';
import { storyIds } from '../demo/index.js';
import { getEvent } from '../events/index.js';
import { getMatch } from '../matches/index.js';
import { getNeed } from '../needs/index.js';
import { getPartnership } from '../partnerships/index.js';
import { getPractice } from '../practices/index.js';
import { getIndicator } from '../results/index.js';
import { getRoadmap } from '../roadmaps/index.js';

/** One step of the cooperation loop, as the home page shows it: a live record and what it says. */
export type LoopStep =
  | { step: 'need'; href: string; title: string }
  | { step: 'match'; href: string; title: string; status: string }
  | { step: 'partnership'; href: string; title: string; status: string; modality: string | null }
  | { step: 'event'; href: string; title: string; startsAt: Date; timeZone: string; participants: number }
  | { step: 'roadmap'; href: string; title: string; done: number; total: number; overdue: number }
  | { step: 'results'; href: string; title: string; unit: string; latest: number | null; target: number | null }
  | { step: 'practice'; href: string; title: string; adaptedFrom: string | null };

/** A record the actor may not read (anymore) is simply left out of the loop. */
async function readable<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (isPontesError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/**
 * The handbook's cooperation story as a live example of the loop (need → match → partnership
 * → exchange → roadmap → results → an adapted practice), read from the records the demo loaded
 * and as the actor may see them now; empty when the story was not loaded.
 */
export async function cooperationLoop(db: Db, actor: Actor): Promise<LoopStep[]> {
  const ids = await storyIds(db);
  if (ids === undefined) return [];
  const steps: (LoopStep | null)[] = [];
  const needId = ids.needs['maputo-markets-need'];
  const need = needId === undefined ? null : await readable(() => getNeed(db, actor, needId));
  if (need !== null) steps.push({ step: 'need', href: `/needs/${need.id}`, title: need.title });
  const matchId = ids.matches['maputo-markets-need'];
  const match = matchId === undefined ? null : await readable(() => getMatch(db, actor, matchId));
  if (match !== null) steps.push({ step: 'match', href: `/matches/${match.id}`, title: match.counterpart.title ?? match.need.title, status: match.status });
  const partnershipId = ids.partnerships['maputo-durban-vendors'];
  const partnership = partnershipId === undefined ? null : await readable(() => getPartnership(db, actor, partnershipId));
  if (partnership !== null) steps.push({ step: 'partnership', href: `/partnerships/${partnership.id}`, title: partnership.title, status: partnership.status, modality: partnership.modality });
  const eventId = ids.events['maputo-durban-june-2013'];
  const event = eventId === undefined ? null : await readable(() => getEvent(db, actor, eventId));
  if (event !== null) {
    const participants = Object.values(event.participants.bySex).reduce<number>((sum, count) => sum + (count ?? 0), 0);
    steps.push({ step: 'event', href: `/events/${event.id}`, title: event.title, startsAt: event.startsAt, timeZone: event.timeZone, participants });
  }
  const roadmapId = ids.roadmaps['vendors-plan'];
  const roadmap = roadmapId === undefined ? null : await readable(() => getRoadmap(db, actor, roadmapId));
  if (roadmap !== null) steps.push({ step: 'roadmap', href: `/roadmaps/${roadmap.id}`, title: roadmap.title, done: roadmap.progress.done, total: roadmap.progress.total, overdue: roadmap.progress.overdue });
  const indicatorId = ids.indicators[0];
  const indicator = indicatorId === undefined ? null : await readable(() => getIndicator(db, actor, indicatorId));
  if (indicator !== null) {
    steps.push({
      step: 'results', href: `/indicators/${indicator.id}`, title: indicator.title, unit: indicator.unit,
      latest: indicator.measurements.at(-1)?.value ?? null, target: indicator.targets.at(-1)?.value ?? null,
    });
  }
  const practiceId = ids.adaptedPractice;
  const practice = practiceId === null ? null : await readable(() => getPractice(db, actor, practiceId));
  if (practice !== null) steps.push({ step: 'practice', href: `/practices/${practice.id}`, title: practice.title, adaptedFrom: practice.adaptedFrom?.title ?? null });
  return steps.filter((step): step is LoopStep => step !== null);
}
