import { publicBase, type Config } from '../../config.js';
import type { Db } from '../../database.js';
import { isPontesError, PontesError } from '../../errors.js';
import { actorMemberId, type Actor } from '../../platform/auth/actor.js';
import { can, visibilityOf, type RecordState, type RecordTies } from '../../platform/auth/permissions.js';
import { isUuid } from '../../platform/ids.js';
import { createI18n, type Translate } from '../../platform/i18n/i18n.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { focalPointContacts } from '../accounts/index.js';
import {
  allowedActions, changeStatusIn, checkCanCreate, invalid, readableHead, recordCreation, refused, stateOf, timelineOf, type RecordHead, type StateChange,
} from '../lifecycle/index.js';
import {
  checkNeedOffer, COUNTERPART_KINDS, insertNeedOffer, loadNeedOffer, needStore, offerStore, scoreCounterpart, seesContact,
  type Counterpart, type CounterpartKind, type NeedOffer, type NeedOfferInput, type NeedProfile,
} from '../needs/index.js';
import { getPlacesByIds } from '../places/index.js';
import { getPractice, practiceSummaries, type Practice } from '../practices/index.js';
import { matchLifecycle, type Match, type MatchStatus, type MatchView, type Side } from './matches.domain.js';
import * as repo from './matches.repository.js';
import { counterpartSide, matchStore, toMatch } from './matches.store.js';

/** Whom to tell of a match proposed, and how: the app's mailer and configuration (links). */
export interface MatchNotifier {
  mailer: Mailer;
  config: Pick<Config, 'publicUrl' | 'host' | 'port'>;
}

/** The body of POST /api/v1/matches. */
export interface MatchInput {
  need_id: string;
  counterpart: { kind: string; id: string };
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

const notFoundAsInvalid = (field: string, reason: string, value: string) => invalid([{ field, reason, value }]);

/** The need of a new match: one the actor may read (else 400 naming need_id: a hidden need is no need). */
async function matchableNeed(db: Db, actor: Actor, needId: string): Promise<{ need: NeedOffer; head: RecordHead }> {
  try {
    const head = await readableHead(db, actor, needStore, needId);
    return { need: (await loadNeedOffer(db, needId))!, head };
  } catch (error) {
    if (isPontesError(error) && error.code === 'NOT_FOUND') throw notFoundAsInvalid('need_id', 'names no need you can see', needId);
    throw error;
  }
}

function practiceProfile(practice: Practice): Extract<Counterpart, { kind: 'practice' }>['practice'] {
  return { ...practice, text: [practice.summary, practice.body ?? ''].join('\n') };
}

function practiceTies(practice: Practice): RecordTies {
  const ids = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))];
  return {
    createdBy: practice.createdBy, ownerOrganisationId: practice.ownerOrganisationId,
    placeIds: ids(practice.places.map((p) => p.placeId)), organisationIds: ids([practice.ownerOrganisationId, ...practice.partners.map((p) => p.organisationId)]),
  };
}

/**
 * The counterpart of a new match, as the actor may see it (else 400 naming the field), with its
 * curation state and ties (may the actor speak for it?).
 */
async function matchableCounterpart(db: Db, actor: Actor, need: NeedOffer, kind: string, id: string, allowExpired: boolean): Promise<{ counterpart: Counterpart; state: RecordState; ties: RecordTies }> {
  if (!(COUNTERPART_KINDS as readonly string[]).includes(kind)) throw invalid([{ field: 'counterpart.kind', reason: `must be one of ${COUNTERPART_KINDS.join(', ')}`, value: kind }]);
  const hidden = () => notFoundAsInvalid('counterpart.id', `names no ${kind} you can see`, id);
  if (!isUuid(id)) throw hidden();
  if (kind === 'offer') {
    const head = await offerStore.head(db, id);
    if (head === undefined || !can(actor, 'read', stateOf(head), head.ties)) throw hidden();
    const offer = (await loadNeedOffer(db, id))!;
    if (offer.expired && !allowExpired) throw invalid([{ field: 'counterpart.id', reason: `names an offer that expired on ${offer.expiresOn}`, value: id }]);
    return { counterpart: { kind: 'offer', offer }, state: stateOf(head), ties: head.ties };
  }
  if (kind === 'practice') {
    let practice: Practice;
    try {
      practice = await getPractice(db, actor, id);
    } catch (error) {
      if (isPontesError(error) && error.code === 'NOT_FOUND') throw hidden();
      throw error;
    }
    return { counterpart: { kind: 'practice', practice: practiceProfile(practice) }, state: practice.state, ties: practiceTies(practice) };
  }
  const [place] = await getPlacesByIds(db, [id]);
  if (place === undefined) throw hidden();
  if (place.id === need.placeId) throw invalid([{ field: 'counterpart.id', reason: 'is the need\'s own place', value: id }]);
  return { counterpart: { kind: 'place', place }, state: 'published', ties: { createdBy: null, ownerOrganisationId: null, placeIds: [place.id], organisationIds: [] } };
}

function counterpartIdOf(counterpart: Counterpart): string {
  return counterpart.kind === 'offer' ? counterpart.offer.id : counterpart.kind === 'practice' ? counterpart.practice.id : counterpart.place.id;
}

function profileOf(need: NeedOffer): NeedProfile {
  return need;
}

function conflict(needId: string, kind: CounterpartKind, counterpartId: string, existing: string | undefined): PontesError {
  return new PontesError('CONFLICT', {
    detail: `this need is already matched with this ${kind}${existing !== undefined ? `: /api/v1/matches/${existing}` : ''}`,
    params: { need_id: needId, counterpart: counterpartId, ...(existing !== undefined ? { match_id: existing } : {}) },
    errors: [{ field: 'counterpart.id', reason: 'is already matched with this need', ...(existing !== undefined ? { match_id: existing } : {}) }],
  });
}

/**
 * Records a match (status proposed) of a need the actor may read with a counterpart it may see,
 * scored and explained by the same code as the need's proposals. The actor must speak for one
 * side (the need's or the counterpart's people: owner or focal point) or be a curator; a pair is
 * matched once (409 CONFLICT). With a notifier, the counterpart's focal points are told by mail.
 * `demo` (the handbook's story) may match an expired offer.
 */
export async function createMatch(db: Db, actor: Actor, input: MatchInput, options: { notifier?: MatchNotifier | undefined; demo?: boolean } = {}): Promise<MatchView> {
  checkCanCreate(actor, 'match');
  if (typeof input.need_id !== 'string' || !isUuid(input.need_id)) throw invalid([{ field: 'need_id', reason: 'must be the id of a need', value: input.need_id }]);
  const { need, head } = await matchableNeed(db, actor, input.need_id);
  const { counterpart, state, ties } = await matchableCounterpart(db, actor, need, input.counterpart?.kind, input.counterpart?.id, options.demo === true);
  if (!can(actor, 'status', stateOf(head), head.ties) && !can(actor, 'status', state, ties)) {
    throw refused(actor, 'propose this match: speak for the need or for the counterpart (its focal point or owner), or ask a curator');
  }
  const counterpartId = counterpartIdOf(counterpart);
  const existing = await repo.findPair(db, need.id, counterpart.kind, counterpartId);
  if (existing !== undefined) throw conflict(need.id, counterpart.kind, counterpartId, existing);
  const { score, explanation } = await scoreCounterpart(db, actor, profileOf(need), counterpart);
  let id: string;
  try {
    id = await db.transaction().execute(async (trx) => {
      const matchId = await repo.insertMatch(trx, {
        needId: need.id, kind: counterpart.kind, counterpartId, score, explanation, createdBy: actorMemberId(actor), ownerOrganisationId: need.ownerOrganisationId, demo: options.demo ?? false,
      });
      await recordCreation(trx, actor, matchStore, matchId);
      return matchId;
    });
  } catch (error) {
    // Two people proposing the same pair at once: the unique index lets one through.
    if (repo.isDuplicatePair(error)) throw conflict(need.id, counterpart.kind, counterpartId, await repo.findPair(db, need.id, counterpart.kind, counterpartId));
    throw error;
  }
  const view = await viewOf(db, actor, toMatch((await repo.getMatchRow(db, id))!));
  if (options.notifier !== undefined) await notifyProposed(db, options.notifier, actor, view);
  return view;
}

/**
 * Journey 2, "we want to learn from this": a need of the member's place or organisation,
 * prompted by a practice, and its match with that practice, in one transaction; the counterpart's
 * focal points are told. `practice_id` is required; the need is checked as POST /needs checks it.
 */
export async function learnFromPractice(db: Db, actor: Actor, input: NeedOfferInput, options: { notifier?: MatchNotifier | undefined } = {}): Promise<{ needId: string; match: MatchView }> {
  checkCanCreate(actor, 'need');
  if (typeof input.practice_id !== 'string' || input.practice_id === '') throw invalid([{ field: 'practice_id', reason: 'is required: the practice to learn from' }]);
  const checked = await checkNeedOffer(db, actor, 'need', input);
  const practice = await getPractice(db, actor, checked.write.practiceId!);
  const counterpart: Counterpart = { kind: 'practice', practice: practiceProfile(practice) };
  const { score, explanation } = await scoreCounterpart(db, actor, { ...checked.write, id: null }, counterpart);
  const ids = await db.transaction().execute(async (trx) => {
    const needId = await insertNeedOffer(trx, actor, checked);
    const matchId = await repo.insertMatch(trx, {
      needId, kind: 'practice', counterpartId: practice.id, score, explanation, createdBy: actorMemberId(actor), ownerOrganisationId: checked.write.ownerOrganisationId,
    });
    await recordCreation(trx, actor, matchStore, matchId, { note: null });
    return { needId, matchId };
  });
  const view = await viewOf(db, actor, toMatch((await repo.getMatchRow(db, ids.matchId))!));
  if (options.notifier !== undefined) await notifyProposed(db, options.notifier, actor, view);
  return { needId: ids.needId, match: view };
}

/** A match with both sides as the reader may see them. */
async function viewOf(db: Db, actor: Actor, match: Match): Promise<MatchView> {
  const [need, needHead, side] = await Promise.all([loadNeedOffer(db, match.needId), needStore.head(db, match.needId), counterpartSide(db, match)]);
  const contact = seesContact(actor);
  let title: string | null = null;
  let contactName: string | null = null;
  let contactEmail: string | null = null;
  if (match.counterpartKind === 'offer') {
    const [head, offer] = await Promise.all([offerStore.head(db, match.counterpartId), loadNeedOffer(db, match.counterpartId)]);
    if (head !== undefined && offer !== undefined && can(actor, 'read', stateOf(head), head.ties)) {
      title = offer.title;
      contactName = contact ? offer.contactName : null;
      contactEmail = contact ? offer.contactEmail : null;
    }
  } else if (match.counterpartKind === 'practice') {
    title = (await practiceSummaries(db, actor, [match.counterpartId]))[0]?.title ?? null;
  } else {
    title = (await getPlacesByIds(db, [match.counterpartId]))[0]?.name ?? null;
  }
  return {
    ...match,
    need: {
      id: match.needId, title: need?.title ?? '', placeId: need?.placeId ?? null, organisationId: need?.organisationId ?? null,
      // Both sides of a match may write to each other: the need's contact is the match reader's to see.
      contactName: contact ? (need?.contactName ?? null) : null, contactEmail: contact ? (need?.contactEmail ?? null) : null,
      expiresOn: need?.expiresOn ?? '', readable: needHead !== undefined && can(actor, 'read', stateOf(needHead), needHead.ties),
    },
    counterpart: { kind: match.counterpartKind, id: match.counterpartId, title, contactName, contactEmail, ...side },
  };
}

/** One match the actor may read (404 otherwise), with both sides. */
export async function getMatch(db: Db, actor: Actor, id: string): Promise<MatchView> {
  await readableHead(db, actor, matchStore, id);
  return viewOf(db, actor, toMatch((await repo.getMatchRow(db, id))!));
}

/** The match with what the actor may do to it and its timeline (the item page). */
export async function matchWithActions(db: Db, actor: Actor, id: string): Promise<{ match: MatchView; head: RecordHead; actions: ReturnType<typeof allowedActions>; timeline: StateChange[] }> {
  const head = await readableHead(db, actor, matchStore, id);
  const [match, timeline] = await Promise.all([getMatch(db, actor, id), timelineOf(db, actor, matchStore, id)]);
  return { match, head, actions: allowedActions(actor, matchStore, head), timeline };
}

export interface MatchQuery {
  need_id?: string | undefined;
  status?: string | undefined;
  counterpart_kind?: string | undefined;
  counterpart_id?: string | undefined;
}

function unknownValue(filter: string, value: string): PontesError {
  return new PontesError('UNKNOWN_FILTER_VALUE', { detail: `unknown value "${value.slice(0, 100)}" for filter ${filter}`, params: { filter, value: value.slice(0, 100) } });
}

/** The matches the actor may see (those of their places and organisations, both sides), filtered and paged. */
export async function listMatches(
  db: Db, actor: Actor, query: MatchQuery = {}, paging: { limit?: number | undefined; offset?: number | undefined } = {},
): Promise<{ items: MatchView[]; total: number; limit: number; offset: number }> {
  const given = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
  const needId = given(query.need_id);
  const status = given(query.status);
  const kind = given(query.counterpart_kind);
  const counterpartId = given(query.counterpart_id);
  if (needId !== undefined && !isUuid(needId)) throw unknownValue('need_id', needId);
  if (status !== undefined && !(matchLifecycle.statuses as readonly string[]).includes(status)) throw unknownValue('status', status);
  if (kind !== undefined && !(COUNTERPART_KINDS as readonly string[]).includes(kind)) throw unknownValue('counterpart_kind', kind);
  if (counterpartId !== undefined && (kind === undefined || !isUuid(counterpartId))) throw unknownValue('counterpart_id', counterpartId);
  const limit = Math.min(Math.max(1, Math.trunc(paging.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const offset = Math.max(0, Math.trunc(paging.offset ?? 0));
  const { rows, total } = await repo.listMatches(db, {
    visibility: visibilityOf(actor), needId, status: status as MatchStatus | undefined, counterpartKind: kind as CounterpartKind | undefined, counterpartId,
  }, limit, offset);
  const items: MatchView[] = [];
  for (const row of rows) items.push(await viewOf(db, actor, toMatch(row)));
  return { items, total, limit, offset };
}

/** What the partnerships module needs of a match to create its partnership. */
export interface MatchForPartnership {
  id: string;
  needId: string;
  status: string;
  version: number;
  need: { placeId: string | null; organisationId: string | null; title: string; sectors: string[]; pillars: string[]; criticalAreas: string[]; challenges: string[]; targetGroups: string[] };
  counterpart: { kind: 'offer' | 'practice' | 'place'; placeIds: string[]; organisationIds: string[]; practiceId: string | null };
}

/**
 * An accepted match as the partnership made from it needs it (parties, topics). 404 when the
 * actor may not read the match; 409 TRANSITION_NOT_ALLOWED unless it is accepted; 401/403 when
 * the actor may not move it (so the partnership is refused before anything is written).
 */
export async function matchForPartnership(db: Db, actor: Actor, matchId: string): Promise<MatchForPartnership> {
  const head = await readableHead(db, actor, matchStore, matchId);
  if (head.status !== 'accepted') {
    throw new PontesError('TRANSITION_NOT_ALLOWED', {
      detail: `a match that is ${head.status ?? 'proposed'} cannot become partnership_created: only an accepted match can`,
      params: { from: head.status ?? 'proposed', to: 'partnership_created' },
    });
  }
  if (!can(actor, 'status', stateOf(head), head.ties)) throw refused(actor, 'create a partnership from this match');
  const match = toMatch((await repo.getMatchRow(db, matchId))!);
  const [need, side] = await Promise.all([loadNeedOffer(db, match.needId), counterpartSide(db, match)]);
  const practiceId = match.counterpartKind === 'practice' ? match.counterpartId : match.counterpartKind === 'offer' ? ((await loadNeedOffer(db, match.counterpartId))?.practiceId ?? null) : null;
  return {
    id: match.id, needId: match.needId, status: match.status, version: match.version,
    need: {
      placeId: need?.placeId ?? null, organisationId: need?.organisationId ?? null, title: need?.title ?? '',
      sectors: need?.sectors ?? [], pillars: need?.pillars ?? [], criticalAreas: need?.criticalAreas ?? [], challenges: need?.challenges ?? [], targetGroups: need?.targetGroups ?? [],
    },
    counterpart: { kind: match.counterpartKind, placeIds: side.placeIds, organisationIds: side.organisationIds, practiceId },
  };
}

/**
 * In the partnership's creating transaction: links the match to its partnership and moves it
 * accepted → partnership_created (timeline, version, audit), the one path to that status.
 */
export async function linkMatchToPartnership(trx: Db, actor: Actor, matchId: string, partnershipId: string): Promise<void> {
  await changeStatusIn(trx, actor, matchStore, matchId, { status: 'partnership_created' }, (db, expectedVersion) => repo.linkPartnership(db, matchId, expectedVersion, partnershipId));
}

/**
 * The match a partnership was created from, for the partnership's page (the link back), if
 * there is one and the actor may read it.
 */
export async function matchOfPartnership(db: Db, actor: Actor, partnershipId: string): Promise<MatchView | null> {
  if (!isUuid(partnershipId)) return null;
  const row = await repo.findByPartnership(db, partnershipId);
  if (row === undefined) return null;
  const head = (await matchStore.head(db, row.id))!;
  if (!can(actor, 'read', stateOf(head), head.ties)) return null;
  return viewOf(db, actor, toMatch(row));
}

// Mail -------------------------------------------------------------------------------------------

let mailTranslator: Translate | undefined;

/** Messages to people who did not make the request are written in the default language. */
function mailT(): Translate {
  mailTranslator ??= createI18n().translator('en');
  return mailTranslator;
}

/**
 * Tells the counterpart's focal points (active, verified members) that a match was proposed to
 * them, with a link to it; not the proposer. Sent after the answer (sendLater).
 */
async function notifyProposed(db: Db, notifier: MatchNotifier, actor: Actor, match: MatchView): Promise<void> {
  const side: Side = { placeIds: match.counterpart.placeIds, organisationIds: match.counterpart.organisationIds };
  const contacts = (await focalPointContacts(db, side)).filter((contact) => contact.memberId !== actorMemberId(actor));
  const t = mailT();
  const link = `${publicBase(notifier.config)}/matches/${match.id}`;
  for (const contact of contacts) {
    notifier.mailer.sendLater({
      to: contact.email,
      subject: t('matches.mail.subject', { title: match.need.title }),
      text: `${t('matches.mail.body', { name: contact.name, need: match.need.title, counterpart: match.counterpart.title ?? match.counterpart.kind, link })}\n\n${t('matches.mail.footer')}\n`,
    });
  }
}
