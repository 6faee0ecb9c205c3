import currencyCodes from 'currency-codes';
import type { Db, PartnershipStatus, Publication } from '../../database.js';
import { PontesError } from '../../errors.js';
import { OPERATOR, actorMemberId, type Actor } from '../../platform/auth/actor.js';
import { can, isCurator, visibilityOf, type RecordState } from '../../platform/auth/permissions.js';
import { createI18n, type Translate } from '../../platform/i18n/i18n.js';
import { isUuid } from '../../platform/ids.js';
import { foldKey } from '../../platform/text.js';
import { countryRegistry } from '../countries/index.js';
import {
  allowedActions, checkCanCreate, editableHead, invalid, readableHead, recordCreation, recordEdit, refused, stale, stateOf, timelineOf, type RecordHead, type StateChange,
} from '../lifecycle/index.js';
import { linkMatchToPartnership, matchForPartnership } from '../matches/index.js';
import { getOrganisationsByIds, listOrganisations } from '../organisations/index.js';
import { getPlacesByIds, searchPlaces } from '../places/index.js';
import { practiceSummaries } from '../practices/index.js';
import { FACETS, isCode, type Facet } from '../vocabularies/index.js';
import {
  CONTRIBUTION_KINDS, PARTNERSHIP_STATUSES, PARTNERSHIP_TYPES, PARTY_ROLES,
  type ContributionKind, type Partnership, type PartnershipDocument, type PartnershipListItem, type PartnershipType, type PartyRole,
} from './partnerships.domain.js';
import { derivePartnershipModality, modalityReasonText } from './partnerships.modality.js';
import * as repo from './partnerships.repository.js';
import { loadPartnership, partnershipStore } from './partnerships.store.js';

/** The snake_case body of POST /partnerships and PATCH /partnerships/{id} (checked here, field by field). */
export type PartnershipBody = Record<string, unknown>;

type FieldError = { field?: string; reason: string; value?: unknown };


/** The fields a partnership body may hold; `match_id` only when creating, `version` only when editing. */
const FIELDS = new Set([
  'title', 'description', 'language', 'type', 'parties', ...FACETS, 'practice_ids', 'starts_on', 'ends_on', 'agreement_on', 'documents', 'contributions', 'owner_organisation_id',
]);

/** What a PATCH's null leaves in a field that may be emptied; other fields cannot be removed. */
const CLEARED: Record<string, unknown> = {
  description: '', pillars: [], critical_areas: [], challenges: [], sectors: [], target_groups: [], practice_ids: [], starts_on: null, ends_on: null, agreement_on: null,
  documents: [], contributions: [], owner_organisation_id: null,
};

const LIMITS = { title: 300, description: 20_000, parties: 50, practices: 100, documents: 50, contributions: 100, text: 2000, url: 2000 } as const;

/**
 * ISO 4217 codes (currency-codes: the ISO maintenance agency's list one), less the two that name
 * no money: XTS (reserved for tests) and XXX (no currency).
 */
const CURRENCIES: ReadonlySet<string> = new Set(currencyCodes.codes().filter((code) => code !== 'XTS' && code !== 'XXX'));

/** Is this an ISO 4217 currency code Pontes accepts for a contribution? */
export function isCurrencyCode(code: string): boolean {
  return CURRENCIES.has(code);
}

/** The codes, for a form's suggestions. */
export function currencyList(): string[] {
  return [...CURRENCIES].sort();
}

let i18n: ReturnType<typeof createI18n> | undefined;
/** The modality reason is stored in the partnership's language (English where the locale is missing). */
function translatorFor(language: string): Translate {
  i18n ??= createI18n();
  return i18n.translator(language);
}

// ------------------------------------------------------------------------------------------------
// Checking a body

interface CheckedParty {
  placeId: string | null;
  organisationId: string | null;
  role: PartyRole;
  name: string;
  countryCode: string | null;
  kind: string | null;
}

interface Checked {
  content: Omit<repo.PartnershipContent, 'modality' | 'modalityReason'>;
  parties: CheckedParty[];
  practiceIds: string[];
  contributions: repo.ContributionRow[];
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function validDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Only http and https links: a `javascript:` or `data:` URL never reaches a page. */
function validUrl(value: string): boolean {
  if (value.length > LIMITS.url || /[\s\p{Cc}]/u.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Two decimal places at most (the column's precision), below 10^16. */
function validAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 1e16 && Math.abs(Math.round(value * 100) - value * 100) < 1e-6;
}

/**
 * Checks a whole partnership (a creation's body, or an edit's merged with the stored record) and
 * names every bad field: parties that do not exist, codes outside the vocabularies, practices the
 * actor cannot see, an end before the start, links that are not http(s), unknown currencies,
 * negative amounts. `known` are the practices already linked (an edit keeps them unchecked).
 */
async function check(db: Db, actor: Actor, body: PartnershipBody, known: { practiceIds: ReadonlySet<string>; ownerOrganisationId: string | null }): Promise<Checked> {
  const errors: FieldError[] = [];
  const fail = (field: string, reason: string, value?: unknown) => errors.push({ field, reason, ...(value !== undefined ? { value: typeof value === 'string' ? value : JSON.stringify(value) } : {}) });

  for (const key of Object.keys(body)) if (!FIELDS.has(key)) fail(key, 'is not a field of a partnership');

  const text = (field: string, options: { required: boolean; max: number }): string => {
    const value = body[field];
    if (value === undefined || value === null) {
      if (options.required) fail(field, 'is required');
      return '';
    }
    if (typeof value !== 'string') {
      fail(field, 'must be text');
      return '';
    }
    const trimmed = value.replace(/\r\n?/g, '\n').trim();
    if (options.required && trimmed === '') fail(field, 'must not be empty');
    if (trimmed.length > options.max) fail(field, `is longer than ${options.max} characters`);
    return trimmed;
  };
  const title = text('title', { required: true, max: LIMITS.title });
  const description = text('description', { required: false, max: LIMITS.description });

  let language = 'en';
  if (body.language !== undefined) {
    if (typeof body.language !== 'string' || !/^[a-z]{2,3}$/.test(body.language)) fail('language', 'must be an ISO 639-1 (or 639-3) language code, e.g. en', body.language);
    else language = body.language;
  }

  let type: PartnershipType = 'project';
  if (body.type === undefined || body.type === null) fail('type', `is required: one of ${PARTNERSHIP_TYPES.join(', ')}`);
  else if (typeof body.type !== 'string' || !(PARTNERSHIP_TYPES as readonly string[]).includes(body.type)) fail('type', `must be one of ${PARTNERSHIP_TYPES.join(', ')}`, body.type);
  else type = body.type as PartnershipType;

  // Parties: at least two, each a place or an organisation that exists, with a role.
  const parties: CheckedParty[] = [];
  const partyCount = Array.isArray(body.parties) ? body.parties.length : 0;
  if (!Array.isArray(body.parties)) fail('parties', 'is required: a list of at least two parties [{place_id or organisation_id, role}]');
  else if (body.parties.length < 2) fail('parties', 'must name at least two parties');
  else if (body.parties.length > LIMITS.parties) fail('parties', `may name at most ${LIMITS.parties} parties`);
  else {
    const wanted: { index: number; placeId: string | null; organisationId: string | null; role: PartyRole }[] = [];
    body.parties.forEach((party: unknown, index) => {
      const at = `parties[${index}]`;
      if (!isObject(party)) return fail(at, 'must be an object {place_id or organisation_id, role}');
      for (const key of Object.keys(party)) if (!['place_id', 'organisation_id', 'role'].includes(key)) fail(`${at}.${key}`, 'is not a field of a party');
      const placeId = party.place_id ?? null;
      const organisationId = party.organisation_id ?? null;
      let ok = true;
      if ((placeId === null) === (organisationId === null)) {
        fail(at, 'must name exactly one of place_id and organisation_id');
        ok = false;
      }
      if (placeId !== null && (typeof placeId !== 'string' || !isUuid(placeId))) {
        fail(`${at}.place_id`, 'must be the id (UUID) of a place', placeId);
        ok = false;
      }
      if (organisationId !== null && (typeof organisationId !== 'string' || !isUuid(organisationId))) {
        fail(`${at}.organisation_id`, 'must be the id (UUID) of an organisation', organisationId);
        ok = false;
      }
      if (typeof party.role !== 'string' || !(PARTY_ROLES as readonly string[]).includes(party.role)) {
        fail(`${at}.role`, `must be one of ${PARTY_ROLES.join(', ')}`, party.role);
        ok = false;
      }
      if (ok) wanted.push({ index, placeId: placeId as string | null, organisationId: organisationId as string | null, role: party.role as PartyRole });
    });
    const places = new Map((await getPlacesByIds(db, wanted.flatMap((p) => (p.placeId === null ? [] : [p.placeId.toLowerCase()])))).map((p) => [p.id, p]));
    const organisations = new Map((await getOrganisationsByIds(db, wanted.flatMap((p) => (p.organisationId === null ? [] : [p.organisationId.toLowerCase()])))).map((o) => [o.id, o]));
    const seen = new Map<string, number>();
    for (const party of wanted) {
      const at = `parties[${party.index}]`;
      const key = party.placeId !== null ? `place:${party.placeId.toLowerCase()}` : `organisation:${party.organisationId!.toLowerCase()}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        fail(at, `names the same ${party.placeId !== null ? 'place' : 'organisation'} as parties[${earlier}]`);
        continue;
      }
      seen.set(key, party.index);
      if (party.placeId !== null) {
        const place = places.get(party.placeId.toLowerCase());
        if (place === undefined) fail(`${at}.place_id`, 'names no place', party.placeId);
        else if (place.mergedInto !== null) fail(`${at}.place_id`, `names a place merged into ${place.mergedInto}; name that one`, party.placeId);
        else parties.push({ placeId: place.id, organisationId: null, role: party.role, name: place.name, countryCode: place.countryCode, kind: null });
      } else {
        const organisation = organisations.get(party.organisationId!.toLowerCase());
        if (organisation === undefined) fail(`${at}.organisation_id`, 'names no organisation', party.organisationId);
        else if (organisation.mergedInto !== null) fail(`${at}.organisation_id`, `names an organisation merged into ${organisation.mergedInto}; name that one`, party.organisationId);
        else parties.push({ placeId: null, organisationId: organisation.id, role: party.role, name: organisation.name, countryCode: organisation.countryCode, kind: organisation.kind });
      }
    }
  }

  // Topics: vocabulary codes, and practices the actor can see.
  const facets = {} as Record<Facet, string[]>;
  for (const facet of FACETS) {
    const value = body[facet];
    facets[facet] = [];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) {
      fail(facet, `must be a list of ${facet} codes`);
      continue;
    }
    value.forEach((code: unknown, index) => {
      if (typeof code !== 'string' || !isCode(facet, code)) fail(`${facet}[${index}]`, `is not a code of the ${facet} vocabulary`, code);
      else if (!facets[facet].includes(code)) facets[facet].push(code);
    });
  }
  const practiceIds: string[] = [];
  if (body.practice_ids !== undefined && body.practice_ids !== null) {
    if (!Array.isArray(body.practice_ids)) fail('practice_ids', 'must be a list of practice ids');
    else if (body.practice_ids.length > LIMITS.practices) fail('practice_ids', `may name at most ${LIMITS.practices} practices`);
    else {
      const asked: { index: number; id: string }[] = [];
      body.practice_ids.forEach((id: unknown, index) => {
        if (typeof id !== 'string' || !isUuid(id)) fail(`practice_ids[${index}]`, 'must be the id (UUID) of a practice', id);
        else if (!asked.some((a) => a.id === id.toLowerCase())) asked.push({ index, id: id.toLowerCase() });
      });
      const fresh = asked.filter((a) => !known.practiceIds.has(a.id));
      const visible = new Set((await practiceSummaries(db, actor, fresh.map((a) => a.id))).map((p) => p.id));
      for (const a of asked) {
        if (known.practiceIds.has(a.id) || visible.has(a.id)) practiceIds.push(a.id);
        else fail(`practice_ids[${a.index}]`, 'names no practice you can see', a.id);
      }
    }
  }

  // Dates.
  const day = (field: string): string | null => {
    const value = body[field];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string' || !validDay(value)) {
      fail(field, 'must be a date, YYYY-MM-DD', value);
      return null;
    }
    return value;
  };
  const startsOn = day('starts_on');
  const endsOn = day('ends_on');
  const agreementOn = day('agreement_on');
  if (startsOn !== null && endsOn !== null && endsOn < startsOn) fail('ends_on', `is before starts_on (${startsOn})`, endsOn);

  // Documents: links, http(s) only.
  const documents: PartnershipDocument[] = [];
  if (body.documents !== undefined && body.documents !== null) {
    if (!Array.isArray(body.documents)) fail('documents', 'must be a list of {title, url, date?}');
    else if (body.documents.length > LIMITS.documents) fail('documents', `may hold at most ${LIMITS.documents} documents`);
    else {
      body.documents.forEach((document: unknown, index) => {
        const at = `documents[${index}]`;
        if (!isObject(document)) return fail(at, 'must be an object {title, url, date?}');
        for (const key of Object.keys(document)) if (!['title', 'url', 'date'].includes(key)) fail(`${at}.${key}`, 'is not a field of a document');
        const docTitle = typeof document.title === 'string' ? document.title.trim() : '';
        if (docTitle === '' || docTitle.length > LIMITS.title) fail(`${at}.title`, `is required: text of 1 to ${LIMITS.title} characters`);
        const url = typeof document.url === 'string' ? document.url.trim() : '';
        if (!validUrl(url)) fail(`${at}.url`, 'must be an http or https link', document.url);
        let date: string | undefined;
        if (document.date !== undefined && document.date !== null && document.date !== '') {
          if (typeof document.date !== 'string' || !validDay(document.date)) fail(`${at}.date`, 'must be a date, YYYY-MM-DD', document.date);
          else date = document.date;
        }
        documents.push({ title: docTitle, url, ...(date !== undefined ? { date } : {}) });
      });
    }
  }

  // Contributions: cash (amount and currency) or in kind (a description, an estimated value if known).
  const contributions: repo.ContributionRow[] = [];
  if (body.contributions !== undefined && body.contributions !== null) {
    if (!Array.isArray(body.contributions)) fail('contributions', 'must be a list of {party?, kind, amount?, currency?, description?}');
    else if (body.contributions.length > LIMITS.contributions) fail('contributions', `may hold at most ${LIMITS.contributions} contributions`);
    else {
      body.contributions.forEach((contribution: unknown, index) => {
        const at = `contributions[${index}]`;
        if (!isObject(contribution)) return fail(at, 'must be an object {party?, kind, amount?, currency?, description?}');
        for (const key of Object.keys(contribution)) if (!['party', 'kind', 'amount', 'currency', 'description'].includes(key)) fail(`${at}.${key}`, 'is not a field of a contribution');
        const kind = contribution.kind;
        if (typeof kind !== 'string' || !(CONTRIBUTION_KINDS as readonly string[]).includes(kind)) fail(`${at}.kind`, `must be one of ${CONTRIBUTION_KINDS.join(', ')}`, kind);
        let party: number | null = null;
        if (contribution.party !== undefined && contribution.party !== null) {
          if (typeof contribution.party !== 'number' || !Number.isInteger(contribution.party) || contribution.party < 0 || contribution.party >= partyCount) {
            fail(`${at}.party`, partyCount > 0 ? `must be the index of one of the parties (0 to ${partyCount - 1})` : 'must be the index of one of the parties', contribution.party);
          } else party = contribution.party;
        }
        let amount: number | null = null;
        if (contribution.amount !== undefined && contribution.amount !== null) {
          if (typeof contribution.amount === 'number' && contribution.amount < 0) fail(`${at}.amount`, 'must not be negative', contribution.amount);
          else if (!validAmount(contribution.amount)) fail(`${at}.amount`, 'must be a number of at most two decimals', contribution.amount);
          else amount = contribution.amount;
        }
        let currency: string | null = null;
        if (contribution.currency !== undefined && contribution.currency !== null && contribution.currency !== '') {
          const code = typeof contribution.currency === 'string' ? contribution.currency.trim().toUpperCase() : '';
          if (!isCurrencyCode(code)) fail(`${at}.currency`, 'is not an ISO 4217 currency code', contribution.currency);
          else currency = code;
        }
        let description: string | null = null;
        if (contribution.description !== undefined && contribution.description !== null) {
          if (typeof contribution.description !== 'string') fail(`${at}.description`, 'must be text');
          else if (contribution.description.trim().length > LIMITS.text) fail(`${at}.description`, `is longer than ${LIMITS.text} characters`);
          else if (contribution.description.trim() !== '') description = contribution.description.trim();
        }
        if (kind === 'cash') {
          if (contribution.amount === undefined || contribution.amount === null) fail(`${at}.amount`, 'is required for a cash contribution');
          if (contribution.currency === undefined || contribution.currency === null || contribution.currency === '') fail(`${at}.currency`, 'is required for a cash contribution');
        }
        if (kind === 'in_kind') {
          if (description === null && (contribution.description === undefined || contribution.description === null || contribution.description === '')) fail(`${at}.description`, 'is required for an in-kind contribution: say what is given');
          const hasAmount = contribution.amount !== undefined && contribution.amount !== null;
          const hasCurrency = contribution.currency !== undefined && contribution.currency !== null && contribution.currency !== '';
          if (hasAmount && !hasCurrency) fail(`${at}.currency`, 'is required with an estimated value');
          if (hasCurrency && !hasAmount) fail(`${at}.amount`, 'is required with a currency (the estimated value)');
        }
        contributions.push({ party, kind: kind as ContributionKind, amount, currency, description });
      });
    }
  }

  // Whose record it is: one of the actor's organisations (curators and admins: any).
  let ownerOrganisationId: string | null = known.ownerOrganisationId;
  if (body.owner_organisation_id !== undefined) {
    const owner = body.owner_organisation_id;
    if (owner === null) ownerOrganisationId = null;
    else if (typeof owner !== 'string' || !isUuid(owner)) fail('owner_organisation_id', 'must be one of your organisations', owner);
    else if (owner.toLowerCase() !== known.ownerOrganisationId) {
      const own = actor.kind === 'member' ? actor.organisationIds : [];
      const exists = (await getOrganisationsByIds(db, [owner.toLowerCase()])).length > 0;
      if (!exists || (!isCurator(actor) && !own.includes(owner.toLowerCase()))) fail('owner_organisation_id', 'must be one of your organisations', owner);
      else ownerOrganisationId = owner.toLowerCase();
    }
  }

  if (errors.length > 0) throw invalid(errors);
  return {
    content: {
      title, description, language, type, startsOn, endsOn, agreementOn, documents, ownerOrganisationId,
      pillars: facets.pillars, criticalAreas: facets.critical_areas, challenges: facets.challenges, sectors: facets.sectors, targetGroups: facets.target_groups,
    },
    parties,
    practiceIds,
    contributions,
  };
}

/** The modality and its reason (in the partnership's language) for checked parties. */
async function modalityOf(db: Db, checked: Checked): Promise<{ modality: string; modalityReason: string }> {
  const registry = await countryRegistry(db);
  const lang = checked.content.language;
  const { modality, reason } = derivePartnershipModality(checked.parties, {
    isSouth: (code) => registry.get(code)?.globalSouth ?? false,
    countryName: (code) => {
      const names = registry.get(code)?.names;
      return names?.[lang] ?? names?.en ?? code;
    },
  });
  return { modality, modalityReason: modalityReasonText(translatorFor(lang), lang, reason) };
}

const linksOf = (checked: Checked) => ({
  parties: checked.parties.map(({ placeId, organisationId, role }) => ({ placeId, organisationId, role })),
  practiceIds: checked.practiceIds,
  contributions: checked.contributions,
});

// ------------------------------------------------------------------------------------------------
// Writing

/** What the match (if any) fills in where the body is silent: parties, topics, title, the practice. */
async function withMatchDefaults(db: Db, actor: Actor, body: PartnershipBody, matchId: string): Promise<PartnershipBody> {
  const match = await matchForPartnership(db, actor, matchId);
  const filled: PartnershipBody = { ...body };
  if (filled.parties === undefined) {
    const parties: Record<string, string>[] = [];
    const add = (party: Record<string, string>) => {
      if (!parties.some((p) => p.place_id === party.place_id && p.organisation_id === party.organisation_id)) parties.push(party);
    };
    if (match.need.placeId !== null) add({ place_id: match.need.placeId, role: 'beneficiary' });
    if (match.need.organisationId !== null) add({ organisation_id: match.need.organisationId, role: 'beneficiary' });
    for (const placeId of match.counterpart.placeIds) add({ place_id: placeId, role: 'provider' });
    for (const organisationId of match.counterpart.organisationIds) add({ organisation_id: organisationId, role: 'provider' });
    filled.parties = parties;
  }
  if (filled.title === undefined) filled.title = match.need.title;
  const need: Record<Facet, string[]> = {
    pillars: match.need.pillars, critical_areas: match.need.criticalAreas, challenges: match.need.challenges, sectors: match.need.sectors, target_groups: match.need.targetGroups,
  };
  for (const facet of FACETS) if (filled[facet] === undefined) filled[facet] = need[facet];
  const practiceId = match.counterpart.practiceId;
  if (practiceId !== null && (await practiceSummaries(db, actor, [practiceId])).length > 0) {
    const given = Array.isArray(filled.practice_ids) ? (filled.practice_ids as unknown[]) : [];
    if (!given.includes(practiceId)) filled.practice_ids = [...given, practiceId];
  }
  return filled;
}

/** A creation's body, checked: the match (if any) fills in what it leaves out. */
async function checkCreation(db: Db, actor: Actor, body: unknown): Promise<{ checked: Checked; matchId: string | null }> {
  checkCanCreate(actor, 'partnership');
  if (!isObject(body)) throw invalid([{ reason: 'the body must be a JSON object' }]);
  const { match_id: matchId, ...fields } = body;
  if (matchId !== undefined && matchId !== null && (typeof matchId !== 'string' || !isUuid(matchId))) throw invalid([{ field: 'match_id', reason: 'must be the id (UUID) of a match', value: matchId }]);
  const input = typeof matchId === 'string' ? await withMatchDefaults(db, actor, fields, matchId) : fields;
  const checked = await check(db, actor, input, { practiceIds: new Set(), ownerOrganisationId: null });
  return { checked, matchId: typeof matchId === 'string' ? matchId : null };
}

/**
 * Creates a partnership (POST /partnerships, the new-partnership form, the demo loader): a draft
 * of the actor's, status idea, its modality derived from its parties. With `match_id` (an
 * accepted match the actor may read), the match fills in what the body leaves out and moves to
 * partnership_created in the same transaction. Bad input: 400 naming every field, nothing written.
 */
export async function createPartnership(db: Db, actor: Actor, body: unknown, options: { demo?: boolean } = {}): Promise<Partnership> {
  const { checked, matchId } = await checkCreation(db, actor, body);
  const modality = await modalityOf(db, checked);
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertPartnership(trx, { ...checked.content, ...modality }, { createdBy: actorMemberId(actor), demo: options.demo });
    await repo.replaceLinks(trx, id, linksOf(checked));
    if (matchId !== null) await linkMatchToPartnership(trx, actor, matchId, id);
    await recordCreation(trx, actor, partnershipStore, id);
    return loadPartnership(trx, actor, id);
  });
}

/** A stored partnership as a body (what an edit merges its fields into). */
function bodyOf(p: Partnership, practiceIds: string[]): PartnershipBody {
  return {
    title: p.title,
    description: p.description,
    language: p.language,
    type: p.type,
    parties: p.parties.map((party) => (party.placeId !== null ? { place_id: party.placeId, role: party.role } : { organisation_id: party.organisationId, role: party.role })),
    pillars: p.pillars,
    critical_areas: p.criticalAreas,
    challenges: p.challenges,
    sectors: p.sectors,
    target_groups: p.targetGroups,
    practice_ids: practiceIds,
    starts_on: p.startsOn,
    ends_on: p.endsOn,
    agreement_on: p.agreementOn,
    documents: p.documents,
    contributions: p.contributions.map((c) => ({
      ...(c.party !== null ? { party: c.party } : {}), kind: c.kind, ...(c.amount !== null ? { amount: c.amount } : {}), ...(c.currency !== null ? { currency: c.currency } : {}),
      ...(c.description !== null ? { description: c.description } : {}),
    })),
    owner_organisation_id: p.ownerOrganisationId,
  };
}

/**
 * An edit's fields merged into the stored partnership and checked. Linked practices the editor
 * cannot see (someone's draft) stay linked: the editor could not have meant to drop them.
 */
async function checkEdit(db: Db, actor: Actor, head: RecordHead, fields: Record<string, unknown>): Promise<Checked> {
  if ('match_id' in fields) throw invalid([{ field: 'match_id', reason: 'is given when creating a partnership from a match, not in an edit' }]);
  const current = await loadPartnership(db, OPERATOR, head.id);
  const stored = await repo.practiceIdsOf(db, head.id);
  const merged = bodyOf(current, stored);
  for (const [key, value] of Object.entries(fields)) merged[key] = value === null && key in CLEARED ? CLEARED[key] : value;
  if (Array.isArray(merged.practice_ids) && 'practice_ids' in fields) {
    const seen = new Set((await practiceSummaries(db, actor, stored)).map((p) => p.id));
    const hidden = stored.filter((id) => !seen.has(id));
    merged.practice_ids = [...(merged.practice_ids as unknown[]), ...hidden.filter((id) => !(merged.practice_ids as unknown[]).includes(id))];
  }
  return check(db, actor, merged, { practiceIds: new Set(stored), ownerOrganisationId: current.ownerOrganisationId });
}

/**
 * Saves an edit (PATCH /partnerships/{id}, the edit form): fields given replace the stored ones
 * (null empties a field that may be empty), from the version the client edited — 428 without
 * it, 409 when someone saved since, and nothing changed. The modality is derived again.
 */
export async function updatePartnership(db: Db, actor: Actor, id: string, body: unknown, options: { version?: number | undefined } = {}): Promise<Partnership> {
  if (!isObject(body)) throw invalid([{ reason: 'the body must be a JSON object' }]);
  const { version: bodyVersion, ...fields } = body;
  const version = options.version ?? (typeof bodyVersion === 'number' ? bodyVersion : undefined);
  const head = await editableHead(db, actor, partnershipStore, id, version);
  const checked = await checkEdit(db, actor, head, fields);
  const modality = await modalityOf(db, checked);
  const before = await partnershipStore.snapshot(db, head.id);
  return db.transaction().execute(async (trx) => {
    const saved = await repo.updatePartnershipContent(trx, head.id, head.version, { ...checked.content, ...modality });
    if (saved === undefined) throw stale('partnership', head.version + 1, head.version);
    await repo.replaceLinks(trx, head.id, linksOf(checked));
    await recordEdit(trx, actor, partnershipStore, head.id, { version: head.version, data: before });
    return loadPartnership(trx, actor, head.id);
  });
}

/**
 * Checks a body as a creation (no id) or an edit of a partnership would, without writing: 400
 * naming every bad field, or nothing. For forms that found problems of their own and list them
 * together with the service's.
 */
export async function checkPartnershipBody(db: Db, actor: Actor, body: Record<string, unknown>, id?: string): Promise<void> {
  if (id === undefined) {
    await checkCreation(db, actor, body);
    return;
  }
  const head = await readableHead(db, actor, partnershipStore, id);
  if (!can(actor, 'edit', stateOf(head), head.ties)) throw refused(actor, `edit this partnership while it is ${stateOf(head)}`);
  const { version: _version, ...fields } = body;
  await checkEdit(db, actor, head, fields);
}

// ------------------------------------------------------------------------------------------------
// Reading

/** One partnership, if the actor may read it (404 otherwise). */
export async function getPartnership(db: Db, actor: Actor, id: string): Promise<Partnership> {
  const head = await readableHead(db, actor, partnershipStore, id);
  return loadPartnership(db, actor, head.id);
}

/** What the actor may do to a partnership now, its timeline, and whether it may see the versions. */
export async function partnershipWithActions(db: Db, actor: Actor, id: string): Promise<{
  partnership: Partnership; actions: ReturnType<typeof allowedActions> & { history: boolean }; timeline: StateChange[];
}> {
  const head = await readableHead(db, actor, partnershipStore, id);
  const [partnership, timeline] = await Promise.all([loadPartnership(db, actor, head.id), timelineOf(db, actor, partnershipStore, head.id)]);
  return { partnership, actions: { ...allowedActions(actor, partnershipStore, head), history: can(actor, 'history', stateOf(head), head.ties) }, timeline };
}

/** The partnership an edit form starts from, if the actor may edit it (404/401/403 otherwise). */
export async function partnershipForEdit(db: Db, actor: Actor, id: string): Promise<Partnership> {
  const head = await readableHead(db, actor, partnershipStore, id);
  if (!can(actor, 'edit', stateOf(head), head.ties)) throw refused(actor, `edit this partnership while it is ${stateOf(head)}`);
  return loadPartnership(db, actor, head.id);
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** The filters of GET /partnerships and the list page, as query strings give them (comma-separated). */
export interface PartnershipQuery {
  status?: string | undefined;
  modality?: string | undefined;
  type?: string | undefined;
  publication?: string | undefined;
  place_id?: string | undefined;
  organisation_id?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

const MODALITIES = ['south_south', 'triangular', 'north_south', 'north_north', 'domestic'] as const;
const PUBLICATIONS: readonly RecordState[] = ['draft', 'submitted', 'in_review', 'published', 'archived', 'deleted'];

function codes<T extends string>(filter: string, value: string | undefined, allowed: readonly T[]): T[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const values = [...new Set(value.split(',').map((v) => v.trim()).filter((v) => v !== ''))];
  for (const v of values) {
    if (!(allowed as readonly string[]).includes(v)) throw new PontesError('UNKNOWN_FILTER_VALUE', { detail: `unknown ${filter} "${v.slice(0, 100)}" (one of ${allowed.join(', ')})`, params: { filter, value: v.slice(0, 100) } });
  }
  return values as T[];
}

function uuidFilter(filter: string, value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (!isUuid(value.trim())) throw new PontesError('UNKNOWN_FILTER_VALUE', { detail: `${filter} must be an id (UUID)`, params: { filter, value: value.slice(0, 100) } });
  return value.trim().toLowerCase();
}

export interface PartnershipList {
  items: PartnershipListItem[];
  total: number;
  limit: number;
  offset: number;
}

/**
 * The partnerships the actor may see (published ones; for a member also those created by them,
 * owned by their organisations or with a party they are focal point of; everything live for
 * curators), filtered. Unknown filter values answer 400, never an empty list. Deleted ones only
 * for admins asking publication=deleted.
 */
export async function listPartnerships(db: Db, actor: Actor, query: PartnershipQuery = {}): Promise<PartnershipList> {
  const publication = codes('publication', query.publication, PUBLICATIONS);
  const filters = {
    status: codes<PartnershipStatus>('status', query.status, PARTNERSHIP_STATUSES),
    modality: codes('modality', query.modality, MODALITIES),
    type: codes<PartnershipType>('type', query.type, PARTNERSHIP_TYPES),
    publication: publication?.filter((p): p is Publication => p !== 'deleted'),
    deleted: publication?.includes('deleted') ?? false,
    placeId: uuidFilter('place_id', query.place_id),
    organisationId: uuidFilter('organisation_id', query.organisation_id),
  };
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
  const offset = Math.max(Math.trunc(query.offset ?? 0), 0);
  const { rows, total } = await repo.listPartnerships(db, visibilityOf(actor), filters, { limit, offset });
  const parties = await repo.partiesOf(db, rows.map((row) => row.id));
  const items = rows.map(({ deletedAt, ...row }) => ({
    ...row,
    type: row.type as PartnershipType,
    deleted: deletedAt !== null,
    parties: parties.filter((p) => p.partnershipId === row.id).map(({ partnershipId: _p, ...party }) => party),
  }));
  return { items, total, limit, offset };
}

/** The partnerships a place is a party to, as the actor may see them (for place pages). */
export async function partnershipsOfPlace(db: Db, actor: Actor, placeId: string): Promise<PartnershipListItem[]> {
  if (!isUuid(placeId)) return [];
  return (await listPartnerships(db, actor, { place_id: placeId, limit: MAX_LIMIT })).items;
}

/** The places that are parties to partnerships the actor may see (the list page's place filter). */
export function partnershipPlaces(db: Db, actor: Actor) {
  return repo.placesOfVisiblePartnerships(db, visibilityOf(actor));
}

/**
 * Finds the place or organisation a form names ("Maputo" in MZ; or its id): the exact name (or
 * another name of a place), most populous place first. Null when nothing has that name.
 */
export async function findParty(db: Db, ref: { type: 'place' | 'organisation'; name: string; country: string }): Promise<{ placeId: string | null; organisationId: string | null } | null> {
  const name = ref.name.trim();
  if (isUuid(name)) return ref.type === 'place' ? { placeId: name.toLowerCase(), organisationId: null } : { placeId: null, organisationId: name.toLowerCase() };
  const country = /^[A-Za-z]{2}$/.test(ref.country.trim()) ? ref.country.trim().toUpperCase() : undefined;
  const key = foldKey(name);
  if (key === '') return null;
  if (ref.type === 'place') {
    if (country === undefined) return null;
    const found = await searchPlaces(db, { q: name, country, limit: 5, offset: 0 }).catch((error: unknown) => {
      if (error instanceof PontesError && error.code === 'UNKNOWN_FILTER_VALUE') return { items: [] };
      throw error;
    });
    const exact = found.items.find((place) => place.score >= 1);
    return exact === undefined ? null : { placeId: exact.id, organisationId: null };
  }
  const found = await listOrganisations(db, { q: name, country, limit: 20, offset: 0 }).catch((error: unknown) => {
    if (error instanceof PontesError && error.code === 'UNKNOWN_FILTER_VALUE') return { items: [] };
    throw error;
  });
  const exact = found.items.find((organisation) => foldKey(organisation.name) === key);
  return exact === undefined ? null : { placeId: null, organisationId: exact.id };
}
