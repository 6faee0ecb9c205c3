import fs from 'node:fs';
import type { Db } from '../../database.js';
import { OPERATOR } from '../../platform/auth/actor.js';
import { readMeta, writeMeta } from '../../platform/db/meta.js';
import { projectPath } from '../../platform/paths.js';
import { createEvent, createLearning, eventStore } from '../events/index.js';
import { changePublication, changeStatus, type CooperationStore } from '../lifecycle/index.js';
import { createMatch, matchStore } from '../matches/index.js';
import { createNeedOffer, needOfferStore } from '../needs/index.js';
import { resolveOrganisation } from '../organisations/index.js';
import { createPartnership, partnershipStore } from '../partnerships/index.js';
import { resolvePlace } from '../places/index.js';
import { practiceIdBySource } from '../practices/index.js';
import { addMeasurement, createIndicator, indicatorStore } from '../results/index.js';
import { commitmentStore, createRoadmap, roadmapStore } from '../roadmaps/index.js';

export const STORY_FILE = projectPath('demo', 'cooperation-story.json');
/** The meta key under which the loaded story's record ids are kept (the home page reads them). */
export const STORY_META_KEY = 'demo_cooperation_story';

/** The records of the loaded story, by the keys of demo/cooperation-story.json. */
export interface StoryIds {
  events: Record<string, string>;
  partnerships: Record<string, string>;
  needs: Record<string, string>;
  matches: Record<string, string>;
  roadmaps: Record<string, string>;
  indicators: string[];
  /** The practice the story ends with (adapted from the one the need named). */
  adaptedPractice: string | null;
}

type Json = Record<string, unknown>;
interface StoryFile {
  organisations: { name: string; kind?: string; country?: string }[];
  events: (Json & { key: string; place?: string; organisers?: string[]; places?: string[]; partnerships?: string[]; practices?: string[]; participants?: Record<string, number>; learnings?: Json[] })[];
  partnerships: (Json & { key: string; status: string; parties: { place?: string; organisation?: string; role: string }[]; practices?: string[] })[];
  needs: (Json & { key: string; kind: 'need' | 'offer'; place?: string; practice?: string; match?: { practice: string; partnership: string } })[];
  roadmaps: (Json & { key: string; event: string; commitments: (Json & { owners: string[]; status: string })[] })[];
  indicators: (Json & { partnership: string; outcome: string; baseline: Json; targets: Json[]; measurements: Json[] })[];
}

const DEMO_PRACTICE_SOURCE = 'ilo-2013-handbook';

/**
 * The moves from a record's current status to `target` through its lifecycle (breadth-first),
 * so the story reaches each demo status the way a user would, leaving a real timeline.
 */
function pathTo(store: CooperationStore, from: string, target: string): string[] {
  const moves = store.lifecycle?.moves ?? {};
  const previous = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length > 0) {
    const status = queue.shift()!;
    if (status === target) break;
    for (const next of moves[status] ?? []) {
      if (!previous.has(next)) {
        previous.set(next, status);
        queue.push(next);
      }
    }
  }
  if (!previous.has(target)) throw new Error(`demo: no way from ${from} to ${target} for ${store.type}`);
  const path: string[] = [];
  for (let at = target; at !== from; at = previous.get(at)!) path.unshift(at);
  return path;
}

async function moveTo(db: Db, store: CooperationStore, id: string, target: string, note?: string): Promise<void> {
  const head = await store.head(db, id);
  for (const status of pathTo(store, head!.status!, target)) await changeStatus(db, OPERATOR, store, id, { status, note });
}

async function publish(db: Db, store: CooperationStore, id: string): Promise<void> {
  for (const publication of ['submitted', 'in_review', 'published'] as const) await changePublication(db, OPERATOR, store, id, { publication });
}

/**
 * Loads the handbook's cooperation story (demo/cooperation-story.json) through the modules'
 * own services, as the platform's operator, published and marked as demo: the Maputo event and
 * roadmap, the Maputo–Durban vendors' project from need and match to partnership, its visits,
 * plan and indicators, and the other agreements and meetings. Run once, after the practice demo
 * (it names those practices); the ids go to the meta table for the home page.
 */
export async function loadCooperationStory(db: Db, file = STORY_FILE): Promise<StoryIds> {
  const story = JSON.parse(fs.readFileSync(file, 'utf8')) as StoryFile;
  const places = new Map<string, string>();
  const place = async (ref: string): Promise<string> => {
    const known = places.get(ref);
    if (known !== undefined) return known;
    const [city, country] = ref.split(',').map((part) => part.trim());
    const { placeId } = await resolvePlace(db, { city: city!, country: country! });
    if (placeId === null) throw new Error(`demo: no place ${ref}`);
    places.set(ref, placeId);
    return placeId;
  };
  const organisations = new Map<string, string>();
  for (const organisation of story.organisations) {
    const { organisationId } = await resolveOrganisation(db, { name: organisation.name, kind: organisation.kind, country: organisation.country });
    organisations.set(organisation.name, organisationId);
  }
  const organisation = (name: string): string => {
    const id = organisations.get(name);
    if (id === undefined) throw new Error(`demo: organisation ${name} is not listed in the story's organisations`);
    return id;
  };
  const practice = async (sourceId: string): Promise<string> => {
    const id = await practiceIdBySource(db, DEMO_PRACTICE_SOURCE, sourceId);
    if (id === undefined) throw new Error(`demo: practice ${sourceId} is not loaded (the practice demo comes first)`);
    return id;
  };
  const demo = { demo: true };
  const ids: StoryIds = { events: {}, partnerships: {}, needs: {}, matches: {}, roadmaps: {}, indicators: [], adaptedPractice: null };

  // Needs and offers; a need's match to the practice it names, accepted (the partnership comes next).
  const matchFor = new Map<string, string>();
  for (const { key, kind, place: at, practice: from, match, ...fields } of story.needs) {
    const created = await createNeedOffer(db, OPERATOR, kind, {
      ...(fields as Json), ...(at !== undefined ? { place_id: await place(at) } : {}), ...(from !== undefined ? { practice_id: await practice(from) } : {}),
    }, demo);
    ids.needs[key] = created.id;
    await publish(db, needOfferStore(kind), created.id);
    if (match !== undefined) {
      const proposed = await createMatch(db, OPERATOR, { need_id: created.id, counterpart: { kind: 'practice', id: await practice(match.practice) } }, demo);
      await moveTo(db, matchStore, proposed.id, 'accepted', 'Durban agreed to host Maputo\'s market vendors.');
      ids.matches[key] = proposed.id;
      matchFor.set(match.partnership, proposed.id);
    }
  }

  for (const { key, status, parties, practices, ...fields } of story.partnerships) {
    const matchId = matchFor.get(key);
    const created = await createPartnership(db, OPERATOR, {
      ...(fields as Json),
      parties: await Promise.all(parties.map(async (party) => ({ role: party.role, ...(party.place !== undefined ? { place_id: await place(party.place) } : { organisation_id: organisation(party.organisation!) }) }))),
      ...(practices !== undefined ? { practice_ids: await Promise.all(practices.map(practice)) } : {}),
      ...(matchId !== undefined ? { match_id: matchId } : {}),
    }, demo);
    ids.partnerships[key] = created.id;
    await moveTo(db, partnershipStore, created.id, status);
    await publish(db, partnershipStore, created.id);
    if (matchId !== undefined) await publish(db, matchStore, matchId);
  }

  for (const { key, place: at, organisers, places: others, partnerships, practices, participants, learnings, ...fields } of story.events) {
    const created = await createEvent(db, OPERATOR, {
      ...(fields as Json),
      ...(at !== undefined ? { place_id: await place(at) } : {}),
      organiser_ids: (organisers ?? []).map(organisation),
      place_ids: await Promise.all((others ?? []).map(place)),
      partnership_ids: (partnerships ?? []).map((name) => ids.partnerships[name]!),
      practice_ids: await Promise.all((practices ?? []).map(practice)),
      ...(participants !== undefined ? {
        participants: {
          by_sex: Object.fromEntries(['women', 'men', 'other'].filter((k) => participants[k] !== undefined).map((k) => [k, participants[k]])),
          by_constituency: Object.fromEntries(['government', 'workers', 'employers', 'civil_society', 'other_constituency'].filter((k) => participants[k] !== undefined).map((k) => [k === 'other_constituency' ? 'other' : k, participants[k]])),
        },
      } : {}),
    }, demo);
    ids.events[key] = created.id;
    await publish(db, eventStore, created.id);
    for (const { place: from, adapted_from: source, practice: adapted, ...learning } of learnings ?? []) {
      const grown = adapted === undefined ? undefined : await practice(adapted as string);
      await createLearning(db, OPERATOR, created.id, {
        ...learning, ...(from !== undefined ? { place_id: await place(from as string) } : {}), ...(source !== undefined ? { adapted_from_practice_id: await practice(source as string) } : {}),
      }, { demo: true, ...(grown !== undefined ? { practiceId: grown } : {}) });
      if (grown !== undefined) ids.adaptedPractice = grown;
    }
  }

  for (const { key, event, commitments, ...fields } of story.roadmaps) {
    const created = await createRoadmap(db, OPERATOR, {
      ...(fields as Json),
      event_id: ids.events[event],
      commitments: commitments.map(({ owners, status: _status, ...commitment }) => ({ ...commitment, owners: owners.map((name) => ({ organisation_id: organisation(name) })) })),
    }, demo);
    ids.roadmaps[key] = created.id;
    for (const [index, commitment] of created.commitments.entries()) {
      const target = commitments[index]!.status;
      if (target !== commitment.status) await moveTo(db, commitmentStore, commitment.id, target, 'Demo status (illustrative).');
    }
    await publish(db, roadmapStore, created.id);
  }

  for (const { partnership, outcome, measurements, ...fields } of story.indicators) {
    const created = await createIndicator(db, OPERATOR, { ...(fields as Json), outcome: { title: outcome, partnership_id: ids.partnerships[partnership] } }, demo);
    for (const measurement of measurements) await addMeasurement(db, OPERATOR, created.id, measurement);
    ids.indicators.push(created.id);
    await publish(db, indicatorStore, created.id);
  }

  await writeMeta(db, STORY_META_KEY, ids);
  return ids;
}

/** The loaded story's record ids, if the demo story was loaded into this database. */
export async function storyIds(db: Db): Promise<StoryIds | undefined> {
  return readMeta<StoryIds>(db, STORY_META_KEY);
}
