import type { ComponentChildren } from 'preact';
import type { RecordState } from '../../platform/auth/permissions.js';
import { Pager, vocabLabel } from '../../views/components.js';
import type { ViewContext } from '../../views/context.js';
import { CsrfField } from '../../views/csrf.js';
import { Layout } from '../../views/layout.js';
import { formatDay, LifecycleActions, statusLabel, TimelineSection, type StateChange } from '../lifecycle/index.js';
import { codesOf, FACETS } from '../vocabularies/index.js';
import { PARTNERSHIP_STATUSES, PARTNERSHIP_TYPES, PARTY_ROLES, CONTRIBUTION_KINDS, type Partnership, type PartnershipListItem, type Party } from './partnerships.domain.js';
import { list, rowCount, text, type PartnershipForm } from './partnerships.form.js';
import { ErrorSummary, Field, OwnerField, type FormError } from '../../views/form.js';

const NOUN = 'partnership';
const MODALITIES = ['south_south', 'triangular', 'north_south', 'north_north', 'domestic'] as const;

const typeLabel = (ctx: ViewContext, type: string) => ctx.t(`partnerships.types.${type}`, { defaultValue: type });
const roleLabel = (ctx: ViewContext, role: string) => ctx.t(`partnerships.roles.${role}`, { defaultValue: role });

/** An amount in its currency, in the reader's language ("MZN 12,500.00"). */
export function formatMoney(ctx: ViewContext, amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(ctx.lang, { style: 'currency', currency, currencyDisplay: 'code' }).format(amount);
  } catch {
    return `${currency} ${new Intl.NumberFormat(ctx.lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount)}`;
  }
}

function PartyName({ ctx, party }: { ctx: ViewContext; party: Party }) {
  const href = party.placeId !== null ? `/places/${party.placeId}` : `/organisations/${party.organisationId ?? ''}`;
  return (
    <>
      <a href={href}>{party.name}</a>
      {party.countryCode !== null ? `, ${ctx.countryName(party.countryCode)}` : ''}
    </>
  );
}

function Dates({ ctx, startsOn, endsOn }: { ctx: ViewContext; startsOn: string | null; endsOn: string | null }) {
  if (startsOn === null && endsOn === null) return null;
  if (startsOn !== null && endsOn !== null) return <>{ctx.t('partnerships.dateRange', { start: formatDay(ctx, startsOn), end: formatDay(ctx, endsOn) })}</>;
  if (startsOn !== null) return <>{ctx.t('partnerships.since', { start: formatDay(ctx, startsOn) })}</>;
  return <>{ctx.t('partnerships.until', { end: formatDay(ctx, endsOn!) })}</>;
}

/** One partnership in a list: title, parties, type, status, modality, dates. */
export function PartnershipCard({ ctx, partnership, level = 3 }: { ctx: ViewContext; partnership: PartnershipListItem; level?: 2 | 3 }) {
  const { t } = ctx;
  const Heading = level === 2 ? 'h2' : 'h3';
  const state: RecordState = partnership.deleted ? 'deleted' : partnership.publication;
  return (
    <article class="card">
      <Heading>
        <a href={`/partnerships/${partnership.id}`} lang={partnership.language !== ctx.lang ? partnership.language : undefined}>
          {partnership.title}
        </a>
      </Heading>
      <p class="meta">
        {partnership.parties.map((party, i) => (
          <>
            {i > 0 ? '; ' : ''}
            {party.name} ({roleLabel(ctx, party.role)})
          </>
        ))}
      </p>
      <p class="meta">
        {typeLabel(ctx, partnership.type)} · {statusLabel(ctx, NOUN, partnership.status)}
        {partnership.modality !== null ? ` · ${vocabLabel(ctx, 'modalities', partnership.modality)}` : ''}
        {partnership.startsOn !== null || partnership.endsOn !== null ? ' · ' : ''}
        <Dates ctx={ctx} startsOn={partnership.startsOn} endsOn={partnership.endsOn} />
        {state !== 'published' ? ` · ${t(`status.${state}`)}` : ''}
      </p>
    </article>
  );
}

/** A list of partnership cards (also for place pages: partnershipsOfPlace). */
export function PartnershipCards({ ctx, partnerships, level = 3 }: { ctx: ViewContext; partnerships: PartnershipListItem[]; level?: 2 | 3 }) {
  if (partnerships.length === 0) return <p class="muted">{ctx.t('partnerships.none')}</p>;
  return (
    <div class="cards">
      {partnerships.map((partnership) => (
        <PartnershipCard ctx={ctx} partnership={partnership} level={level} />
      ))}
    </div>
  );
}

function FilterSelect({ ctx, id, name, label, options, chosen }: { ctx: ViewContext; id: string; name: string; label: string; options: { value: string; label: string }[]; chosen: string }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={name}>
        <option value="">{ctx.t('partnerships.any')}</option>
        {options.map((option) => (
          <option value={option.value} selected={option.value === chosen}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** /partnerships: the partnerships the reader may see, filtered by a plain GET form. */
export function PartnershipListPage({ ctx, list: page, query, places, params, canCreate }: {
  ctx: ViewContext;
  list: { items: PartnershipListItem[]; total: number; limit: number; offset: number };
  query: Record<string, string>;
  places: { id: string; name: string; countryCode: string }[];
  params: URLSearchParams;
  canCreate: boolean;
}) {
  const { t } = ctx;
  const filtered = [...params.keys()].some((key) => key !== 'offset');
  return (
    <Layout ctx={ctx} title={t('partnerships.title')}>
      <h1>{t('partnerships.title')}</h1>
      <p class="lead">
        {t('partnerships.count', { count: page.total })}
        {canCreate ? (
          <>
            {' · '}
            <a href="/partnerships/new">{t('partnerships.new')}</a>
          </>
        ) : null}
      </p>
      <div class="catalogue">
        <form method="get" action="/partnerships" class="filters" aria-label={t('partnerships.filters')}>
          <FilterSelect ctx={ctx} id="f-status" name="status" label={t('partnerships.status')} chosen={query.status ?? ''}
            options={PARTNERSHIP_STATUSES.map((status) => ({ value: status, label: statusLabel(ctx, NOUN, status) }))} />
          <FilterSelect ctx={ctx} id="f-modality" name="modality" label={t('partnerships.modality')} chosen={query.modality ?? ''}
            options={MODALITIES.map((modality) => ({ value: modality, label: vocabLabel(ctx, 'modalities', modality) }))} />
          <FilterSelect ctx={ctx} id="f-type" name="type" label={t('partnerships.type')} chosen={query.type ?? ''}
            options={PARTNERSHIP_TYPES.map((type) => ({ value: type, label: typeLabel(ctx, type) }))} />
          <FilterSelect ctx={ctx} id="f-place" name="place_id" label={t('partnerships.place')} chosen={query.place_id ?? ''}
            options={places.map((place) => ({ value: place.id, label: `${place.name}, ${ctx.countryName(place.countryCode)}` }))} />
          <p class="actions">
            <button type="submit">{t('filters.apply')}</button>
            {filtered ? <a href="/partnerships">{t('filters.clear')}</a> : null}
          </p>
        </form>
        <section class="results" aria-label={t('partnerships.results')}>
          <PartnershipCards ctx={ctx} partnerships={page.items} level={2} />
          <Pager ctx={ctx} base="/partnerships" params={params} total={page.total} limit={page.limit} offset={page.offset} />
        </section>
      </div>
    </Layout>
  );
}

const FACET_FIELD = { pillars: 'pillars', critical_areas: 'criticalAreas', challenges: 'challenges', sectors: 'sectors', target_groups: 'targetGroups' } as const;

/** /partnerships/{id}: everything a partnership records, its moves and its timeline. */
export function PartnershipPage({ ctx, partnership: p, actions, timeline, sections }: {
  ctx: ViewContext;
  partnership: Partnership;
  actions: { edit: boolean; history: boolean; statuses: string[]; publications: RecordState[] };
  timeline: StateChange[];
  /** Sections other modules registered (events, results: registerPartnershipSection). */
  sections: { id: string; content: ComponentChildren }[];
}) {
  const { t } = ctx;
  const textLang = p.language !== ctx.lang ? p.language : undefined;
  const state: RecordState = p.deleted ? 'deleted' : p.publication;
  const topics = FACETS.filter((facet) => p[FACET_FIELD[facet]].length > 0);
  const partyName = (index: number | null) => (index === null ? null : (p.parties[index] ?? null));
  return (
    <Layout ctx={ctx} title={p.title} description={p.description.slice(0, 300) || undefined}>
      <article class="partnership">
        <header>
          <p class="kicker">{t('partnerships.kicker', { type: typeLabel(ctx, p.type) })}</p>
          <h1 lang={textLang}>{p.title}</h1>
          <p class="badges">
            <span class="badge">{statusLabel(ctx, NOUN, p.status)}</span>
            {p.modality !== null ? <span class="badge">{vocabLabel(ctx, 'modalities', p.modality)}</span> : null}
            {state !== 'published' ? <span class="badge status">{t(`status.${state}`)}</span> : null}
            {p.demo ? <span class="badge">{t('partnerships.demo')}</span> : null}
          </p>
        </header>

        {p.description !== '' ? (
          <div class="description" lang={textLang}>
            {p.description.split(/\n{2,}/).map((paragraph) => (
              <p>{paragraph}</p>
            ))}
          </div>
        ) : null}

        <section aria-labelledby="parties-title">
          <h2 id="parties-title">{t('partnerships.parties')}</h2>
          <table class="parties">
            <thead>
              <tr>
                <th scope="col">{t('partnerships.party')}</th>
                <th scope="col">{t('partnerships.role')}</th>
              </tr>
            </thead>
            <tbody>
              {p.parties.map((party) => (
                <tr>
                  <td>
                    <PartyName ctx={ctx} party={party} />
                  </td>
                  <td>{roleLabel(ctx, party.role)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        {p.modality !== null ? (
          <section aria-labelledby="modality-title">
            <h2 id="modality-title">{t('partnerships.modalityTitle', { modality: vocabLabel(ctx, 'modalities', p.modality) })}</h2>
            {p.modalityReason !== null ? <p lang={textLang}>{p.modalityReason}</p> : null}
            <p class="muted">{t('partnerships.modalityHint')}</p>
          </section>
        ) : null}

        <section aria-labelledby="dates-title">
          <h2 id="dates-title">{t('partnerships.dates')}</h2>
          <dl class="dates">
            <dt>{t('partnerships.startsOn')}</dt>
            <dd>{p.startsOn !== null ? formatDay(ctx, p.startsOn) : t('partnerships.notSet')}</dd>
            <dt>{t('partnerships.endsOn')}</dt>
            <dd>{p.endsOn !== null ? formatDay(ctx, p.endsOn) : t('partnerships.notSet')}</dd>
            <dt>{t('partnerships.agreementOn')}</dt>
            <dd>{p.agreementOn !== null ? formatDay(ctx, p.agreementOn) : t('partnerships.notSet')}</dd>
          </dl>
        </section>

        {topics.length > 0 || p.practices.length > 0 ? (
          <section class="tagging" aria-labelledby="topics-title">
            <h2 id="topics-title">{t('partnerships.topics')}</h2>
            {topics.map((facet) => (
              <div class="tags">
                <h3>{t(`filters.${facet}`)}</h3>
                <ul>
                  {p[FACET_FIELD[facet]].map((code) => (
                    <li>
                      <a href={`/practices?${facet}=${encodeURIComponent(code)}`}>{vocabLabel(ctx, facet, code)}</a>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
            {p.practices.length > 0 ? (
              <div class="tags">
                <h3>{t('partnerships.practices')}</h3>
                <ul>
                  {p.practices.map((practice) => (
                    <li>
                      <a href={`/practices/${practice.id}`}>{practice.title}</a>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </section>
        ) : null}

        {p.documents.length > 0 ? (
          <section aria-labelledby="documents-title">
            <h2 id="documents-title">{t('partnerships.documents')}</h2>
            <ul>
              {p.documents.map((document) => (
                <li>
                  <a href={document.url} rel="nofollow noopener">
                    {document.title}
                  </a>
                  {document.date !== undefined ? <span class="muted"> ({formatDay(ctx, document.date)})</span> : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {p.contributions.length > 0 ? (
          <section aria-labelledby="contributions-title">
            <h2 id="contributions-title">{t('partnerships.contributions')}</h2>
            <table class="contributions">
              <thead>
                <tr>
                  <th scope="col">{t('partnerships.contributionParty')}</th>
                  <th scope="col">{t('partnerships.contributionKind')}</th>
                  <th scope="col">{t('partnerships.contributionWhat')}</th>
                  <th scope="col">{t('partnerships.contributionValue')}</th>
                </tr>
              </thead>
              <tbody>
                {p.contributions.map((contribution) => {
                  const party = partyName(contribution.party);
                  return (
                    <tr>
                      <td>{party !== null ? party.name : t('partnerships.notSet')}</td>
                      <td>{t(`partnerships.kinds.${contribution.kind}`)}</td>
                      <td lang={textLang}>{contribution.description ?? ''}</td>
                      <td class="number">
                        {contribution.amount !== null && contribution.currency !== null
                          ? `${formatMoney(ctx, contribution.amount, contribution.currency)}${contribution.kind === 'in_kind' ? ` ${t('partnerships.estimated')}` : ''}`
                          : '—'}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {p.totals.length > 0 ? (
              <table class="totals">
                <caption>{t('partnerships.totals')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('partnerships.currency')}</th>
                    <th scope="col">{t('partnerships.kinds.cash')}</th>
                    <th scope="col">{t('partnerships.kinds.in_kind')}</th>
                    <th scope="col">{t('partnerships.total')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.totals.map((total) => (
                    <tr>
                      <th scope="row">{total.currency}</th>
                      <td class="number">{formatMoney(ctx, total.cash, total.currency)}</td>
                      <td class="number">{formatMoney(ctx, total.inKind, total.currency)}</td>
                      <td class="number">{formatMoney(ctx, total.total, total.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </section>
        ) : null}

        {p.matchIds.length > 0 ? (
          <section aria-labelledby="matches-title">
            <h2 id="matches-title">{t('partnerships.matches')}</h2>
            <ul>
              {p.matchIds.map((id, i) => (
                <li>
                  <a href={`/matches/${id}`}>{t('partnerships.match', { number: i + 1 })}</a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {/* Events and results: sections registered by those modules (partnerships.slots.ts). */}
        {sections.map((section) => (
          <div class={`partnership-section partnership-${section.id}`}>{section.content}</div>
        ))}

        <LifecycleActions ctx={ctx} noun={NOUN} action={`/partnerships/${p.id}`} version={p.version} status={p.status} publication={state} allowed={actions} />
        {actions.edit || actions.history ? (
          <p class="actions">
            {actions.edit ? <a href={`/partnerships/${p.id}/edit`}>{t('curation.edit')}</a> : null}
            {actions.history ? <a href={`/partnerships/${p.id}/history`}>{t('curation.history')}</a> : null}
          </p>
        ) : null}
        <TimelineSection ctx={ctx} noun={NOUN} changes={timeline} />

        <footer class="provenance">
          <p class="muted">
            <a href={`/api/v1/partnerships/${p.id}`}>{t('partnerships.json')}</a>
          </p>
        </footer>
      </article>
    </Layout>
  );
}

export type { FormError };



/**
 * The form that writes a partnership (new or edit): plain HTML, no JavaScript. Parties and
 * contributions are numbered rows, with spare empty ones and a button for more; the modality is
 * not asked for (it is derived). After a refused save it shows what was typed, with the reasons,
 * or the conflict with a save made in between.
 */
export function PartnershipFormPage({ ctx, action, heading, form, version, errors, conflict, organisations, currencies, cancel }: {
  ctx: ViewContext; action: string; heading: string; form: PartnershipForm; version: number | null; errors: FormError[]; conflict: number | null;
  organisations: { id: string; name: string }[]; currencies: string[]; cancel: string;
}) {
  const { t } = ctx;
  const value = (name: string) => text(form, name);
  const chosen = (name: string) => list(form, name);
  const parties = Math.max(rowCount(form, 'party'), 2);
  const contributions = Math.max(rowCount(form, 'contribution'), 1);
  const partyRows = Array.from({ length: parties }, (_, row) => row);
  const contributionRows = Array.from({ length: contributions }, (_, row) => row);
  const matchId = value('match_id');
  return (
    <Layout ctx={ctx} title={heading}>
      <h1>{heading}</h1>
      <ErrorSummary ctx={ctx} errors={errors} conflict={conflict} />
      {matchId !== '' ? <p class="note">{t('partnerships.form.fromMatch')}</p> : null}
      <form method="post" action={action} class="record-form">
        <CsrfField ctx={ctx} />
        {version !== null ? <input type="hidden" name="version" value={String(version)} /> : null}
        {matchId !== '' ? <input type="hidden" name="match_id" value={matchId} /> : null}
        <input type="hidden" name="party_rows" value={String(parties)} />
        <input type="hidden" name="contribution_rows" value={String(contributions)} />
        <Field id="f-title" label={t('partnerships.form.title')}>
          <input id="f-title" name="title" type="text" value={value('title')} required={matchId === ''} maxLength={300} />
        </Field>
        <Field id="f-description" label={t('partnerships.form.description')}>
          <textarea id="f-description" name="description" rows={5}>{value('description')}</textarea>
        </Field>
        <Field id="f-language" label={t('partnerships.form.language')}>
          <select id="f-language" name="language">
            {['en', 'fr', 'es', 'pt'].map((lang) => (
              <option value={lang} selected={value('language') === lang}>
                {t(`languages.${lang}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="f-type" label={t('partnerships.type')}>
          <select id="f-type" name="type" required>
            <option value="">{t('partnerships.form.choose')}</option>
            {PARTNERSHIP_TYPES.map((type) => (
              <option value={type} selected={value('type') === type}>
                {typeLabel(ctx, type)}
              </option>
            ))}
          </select>
        </Field>

        <fieldset>
          <legend>{t('partnerships.parties')}</legend>
          <p class="hint">{t(matchId !== '' ? 'partnerships.form.partiesFromMatch' : 'partnerships.form.partiesHint')}</p>
          {partyRows.map((row) => (
            <fieldset class="row">
              <legend>{t('partnerships.form.partyNumber', { number: row + 1 })}</legend>
              {value(`party_id_${row}`) !== '' ? (
                <>
                  <input type="hidden" name={`party_id_${row}`} value={value(`party_id_${row}`)} />
                  <input type="hidden" name={`party_was_${row}`} value={value(`party_was_${row}`)} />
                </>
              ) : null}
              <label for={`f-party-type-${row}`}>{t('partnerships.form.partyType')}</label>
              <select id={`f-party-type-${row}`} name={`party_type_${row}`}>
                <option value="place" selected={value(`party_type_${row}`) !== 'organisation'}>{t('partnerships.form.place')}</option>
                <option value="organisation" selected={value(`party_type_${row}`) === 'organisation'}>{t('partnerships.form.organisation')}</option>
              </select>
              <label for={`f-party-name-${row}`}>{t('partnerships.form.partyName')}</label>
              <input id={`f-party-name-${row}`} name={`party_name_${row}`} type="text" value={value(`party_name_${row}`)} maxLength={300} />
              <label for={`f-party-country-${row}`}>{t('partnerships.form.partyCountry')}</label>
              <input id={`f-party-country-${row}`} name={`party_country_${row}`} type="text" value={value(`party_country_${row}`)} maxLength={2} size={3} />
              <label for={`f-party-role-${row}`}>{t('partnerships.role')}</label>
              <select id={`f-party-role-${row}`} name={`party_role_${row}`}>
                {PARTY_ROLES.map((role) => (
                  <option value={role} selected={value(`party_role_${row}`) === role}>
                    {roleLabel(ctx, role)}
                  </option>
                ))}
              </select>
            </fieldset>
          ))}
        </fieldset>

        {FACETS.map((facet) => (
          <fieldset>
            <legend>{t(`filters.${facet}`)}</legend>
            {codesOf(facet).map((code) => (
              <label class="choice">
                <input type="checkbox" name={facet} value={code} checked={chosen(facet).includes(code)} /> {vocabLabel(ctx, facet, code)}
              </label>
            ))}
          </fieldset>
        ))}
        <Field id="f-practices" label={t('partnerships.practices')} hint={t('partnerships.form.practicesHint')}>
          <textarea id="f-practices" name="practices" rows={3} aria-describedby="f-practices-hint">{value('practices')}</textarea>
        </Field>

        <Field id="f-starts" label={t('partnerships.startsOn')}>
          <input id="f-starts" name="starts_on" type="date" value={value('starts_on')} />
        </Field>
        <Field id="f-ends" label={t('partnerships.endsOn')}>
          <input id="f-ends" name="ends_on" type="date" value={value('ends_on')} />
        </Field>
        <Field id="f-agreement" label={t('partnerships.agreementOn')}>
          <input id="f-agreement" name="agreement_on" type="date" value={value('agreement_on')} />
        </Field>
        <Field id="f-documents" label={t('partnerships.documents')} hint={t('partnerships.form.documentsHint')}>
          <textarea id="f-documents" name="documents" rows={3} aria-describedby="f-documents-hint">{value('documents')}</textarea>
        </Field>

        <fieldset>
          <legend>{t('partnerships.contributions')}</legend>
          <p class="hint">{t('partnerships.form.contributionsHint')}</p>
          {contributionRows.map((row) => (
            <fieldset class="row">
              <legend>{t('partnerships.form.contributionNumber', { number: row + 1 })}</legend>
              <label for={`f-contribution-kind-${row}`}>{t('partnerships.contributionKind')}</label>
              <select id={`f-contribution-kind-${row}`} name={`contribution_kind_${row}`}>
                <option value="">{t('partnerships.form.none')}</option>
                {CONTRIBUTION_KINDS.map((kind) => (
                  <option value={kind} selected={value(`contribution_kind_${row}`) === kind}>
                    {t(`partnerships.kinds.${kind}`)}
                  </option>
                ))}
              </select>
              <label for={`f-contribution-party-${row}`}>{t('partnerships.contributionParty')}</label>
              <select id={`f-contribution-party-${row}`} name={`contribution_party_${row}`}>
                <option value="">{t('partnerships.notSet')}</option>
                {partyRows.map((partyRow) => (
                  <option value={String(partyRow)} selected={value(`contribution_party_${row}`) === String(partyRow)}>
                    {value(`party_name_${partyRow}`) !== '' ? value(`party_name_${partyRow}`) : t('partnerships.form.partyNumber', { number: partyRow + 1 })}
                  </option>
                ))}
              </select>
              <label for={`f-contribution-amount-${row}`}>{t('partnerships.form.amount')}</label>
              <input id={`f-contribution-amount-${row}`} name={`contribution_amount_${row}`} type="number" min="0" step="0.01" value={value(`contribution_amount_${row}`)} />
              <label for={`f-contribution-currency-${row}`}>{t('partnerships.currency')}</label>
              <input id={`f-contribution-currency-${row}`} name={`contribution_currency_${row}`} type="text" list="currencies" value={value(`contribution_currency_${row}`)} maxLength={3} size={4} />
              <label for={`f-contribution-description-${row}`}>{t('partnerships.contributionWhat')}</label>
              <input id={`f-contribution-description-${row}`} name={`contribution_description_${row}`} type="text" value={value(`contribution_description_${row}`)} maxLength={2000} />
            </fieldset>
          ))}
          <datalist id="currencies">
            {currencies.map((code) => (
              <option value={code} />
            ))}
          </datalist>
        </fieldset>

        <OwnerField id="f-owner" label={t('partnerships.form.owner')} noneLabel={t('partnerships.form.ownerNone')} organisations={organisations} selected={value('owner_organisation_id')} />
        <p class="actions">
          <button type="submit">{t('form.save')}</button>
          <button type="submit" name="more" value="rows" formnovalidate>
            {t('partnerships.form.moreRows')}
          </button>
          <a href={cancel}>{t('form.cancel')}</a>
        </p>
      </form>
    </Layout>
  );
}
