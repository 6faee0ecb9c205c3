import type { RecordState } from '../../platform/auth/permissions.js';
import { Pager, vocabLabel } from '../../views/components.js';
import type { ViewContext } from '../../views/context.js';
import { CsrfField } from '../../views/csrf.js';
import { Layout } from '../../views/layout.js';
import { formatDay, LifecycleActions, TimelineSection, type RecordHead, type StateChange } from '../lifecycle/index.js';
import { codesOf } from '../vocabularies/index.js';
import { COLLECTION_OF, FORM_LANGUAGES, NEED_FACETS, type NeedKind, type NeedOffer } from './needs.domain.js';
import { explanationText } from './needs.explain.js';
import { chosen, type NeedForm } from './needs.form.js';
import type { Proposal, ProposalFactor } from './needs.proposals.js';
import { codesOfFacet } from './needs.service.js';
import { ErrorSummary, Field, type FormError } from '../../views/form.js';

/** Names of the places and organisations a page mentions, looked up by the route. */
export interface PosterNames {
  places: Map<string, { name: string; countryCode: string }>;
  organisations: Map<string, string>;
}

export type { FormError };

const COUNTERPART_PATH = { offer: 'offers', practice: 'practices', place: 'places' } as const;

/** "Maputo (Mozambique) · City of Maputo": who posted it, linked. */
function Poster({ ctx, item, names }: { ctx: ViewContext; item: Pick<NeedOffer, 'placeId' | 'organisationId'>; names: PosterNames }) {
  const place = item.placeId !== null ? names.places.get(item.placeId) : undefined;
  const organisation = item.organisationId !== null ? names.organisations.get(item.organisationId) : undefined;
  return (
    <>
      {place !== undefined ? <a href={`/places/${item.placeId!}`}>{`${place.name} (${ctx.countryName(place.countryCode)})`}</a> : null}
      {place !== undefined && organisation !== undefined ? ' · ' : null}
      {organisation !== undefined ? <a href={`/organisations/${item.organisationId!}`}>{organisation}</a> : null}
    </>
  );
}

/** The reasons that count, strongest first, in plain words (a factor that adds nothing is no reason). */
export function Reasons({ ctx, explanation }: { ctx: ViewContext; explanation: ProposalFactor[] }) {
  const reasons = explanation.filter((e) => e.contribution > 0.005);
  if (reasons.length === 0) return null;
  return <p class="reasons">{reasons.map((e) => explanationText(e, ctx.t, ctx.lang)).join('; ')}</p>;
}

/** Plain text as paragraphs (blank lines part them); JSX escapes it. */
export function PlainText({ text, lang }: { text: string; lang?: string | undefined }) {
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== '');
  return (
    <div class="prose" lang={lang}>
      {paragraphs.map((p) => (
        <p>
          {p.split('\n').map((line, i) => (
            <>
              {i > 0 ? <br /> : null}
              {line}
            </>
          ))}
        </p>
      ))}
    </div>
  );
}

function Tags({ ctx, item }: { ctx: ViewContext; item: NeedOffer }) {
  const facets = NEED_FACETS.filter((facet) => codesOfFacet(item, facet).length > 0);
  if (facets.length === 0) return null;
  return (
    <section class="tags" aria-labelledby="tags-title">
      <h2 id="tags-title">{ctx.t('needs.tags')}</h2>
      {facets.map((facet) => (
        <>
          <h3>{ctx.t(`filters.${facet}`)}</h3>
          <ul>
            {codesOfFacet(item, facet).map((code) => (
              <li>
                <a href={`/${COLLECTION_OF[item.kind]}${facet === 'sectors' ? `?sector=${encodeURIComponent(code)}` : ''}`}>{vocabLabel(ctx, facet, code)}</a>
              </li>
            ))}
          </ul>
        </>
      ))}
    </section>
  );
}

/** One need or offer in a list: title, poster, expiry, topics. */
function NeedCard({ ctx, item, names }: { ctx: ViewContext; item: NeedOffer; names: PosterNames }) {
  const { t } = ctx;
  return (
    <li class="card">
      <h2>
        <a href={`/${COLLECTION_OF[item.kind]}/${item.id}`} lang={item.language !== ctx.lang ? item.language : undefined}>
          {item.title}
        </a>
      </h2>
      <p class="meta">
        <Poster ctx={ctx} item={item} names={names} />
        {' · '}
        {item.expired ? <strong>{t('needs.expired', { date: formatDay(ctx, item.expiresOn) })}</strong> : t('needs.expires', { date: formatDay(ctx, item.expiresOn) })}
        {item.deleted || item.publication !== 'published' ? ` · ${t(`status.${item.deleted ? 'deleted' : item.publication}`)}` : ''}
      </p>
      {item.sectors.length > 0 ? <p class="badges">{item.sectors.map((code) => <span class="badge">{vocabLabel(ctx, 'sectors', code)}</span>)}</p> : null}
    </li>
  );
}

/** /needs and /offers: what places want to learn, or can share; filters work without JavaScript. */
export function NeedListPage({ ctx, kind, list, names, query, params, canPost }: {
  ctx: ViewContext; kind: NeedKind; list: { items: NeedOffer[]; total: number; limit: number; offset: number }; names: PosterNames;
  query: { sector: string; includeExpired: boolean }; params: URLSearchParams; canPost: boolean;
}) {
  const { t } = ctx;
  const collection = COLLECTION_OF[kind];
  return (
    <Layout ctx={ctx} title={t(`needs.list.${kind}`)} description={t(`needs.lead.${kind}`)}>
      <h1>{t(`needs.list.${kind}`)}</h1>
      <p class="lead">{t(`needs.lead.${kind}`)}</p>
      <nav class="tabs" aria-label={t('needs.title')}>
        <a href="/needs" aria-current={kind === 'need' ? 'page' : undefined}>{t('needs.list.need')}</a>
        <a href="/offers" aria-current={kind === 'offer' ? 'page' : undefined}>{t('needs.list.offer')}</a>
        {ctx.member !== null ? <a href="/matches">{t('matches.title')}</a> : null}
      </nav>
      {canPost ? (
        <p class="actions">
          <a href={`/${collection}/new`}>{t(`needs.new.${kind}`)}</a>
        </p>
      ) : null}
      <form method="get" action={`/${collection}`} class="filters">
        <h2 class="visually-hidden">{t('needs.filters')}</h2>
        <label for="f-sector">{t('needs.sector')}</label>{' '}
        <select id="f-sector" name="sector">
          <option value="">{t('needs.allSectors')}</option>
          {codesOf('sectors').map((code) => (
            <option value={code} selected={query.sector === code}>{vocabLabel(ctx, 'sectors', code)}</option>
          ))}
        </select>{' '}
        <label class="choice">
          <input type="checkbox" name="include_expired" value="true" checked={query.includeExpired} /> {t('needs.includeExpired')}
        </label>{' '}
        <button type="submit">{t('needs.apply')}</button>
      </form>
      {list.items.length === 0 ? (
        <p class="muted">{t(`needs.none.${kind}`)}</p>
      ) : (
        <ol class="cards matches">
          {list.items.map((item) => (
            <NeedCard ctx={ctx} item={item} names={names} />
          ))}
        </ol>
      )}
      <Pager ctx={ctx} base={`/${collection}`} params={params} total={list.total} limit={list.limit} offset={list.offset} />
    </Layout>
  );
}

/** The counterparts proposed for a need, each with its reasons and, for its people, a button to propose the match. */
function Proposals({ ctx, need, proposals, canPropose }: { ctx: ViewContext; need: NeedOffer; proposals: Proposal[]; canPropose: boolean }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="proposals-title">
      <h2 id="proposals-title">{t('needs.proposals.title')}</h2>
      <p class="muted">{t('needs.proposals.lead')}</p>
      {proposals.length === 0 ? (
        <p class="muted">{t('needs.proposals.none')}</p>
      ) : (
        <ol class="cards matches">
          {proposals.map((proposal) => (
            <li class="card">
              <p class="kicker">{t(`needs.proposals.kind.${proposal.kind}`)}</p>
              <h3>
                <a href={`/${COUNTERPART_PATH[proposal.kind]}/${proposal.id}`}>{proposal.title}</a>
              </h3>
              <p class="meta">{t('needs.proposals.score', { percent: Math.round(proposal.score * 100) })}</p>
              <Reasons ctx={ctx} explanation={proposal.explanation} />
              {canPropose ? (
                <form method="post" action="/matches" class="inline">
                  <CsrfField ctx={ctx} />
                  <input type="hidden" name="need_id" value={need.id} />
                  <input type="hidden" name="counterpart_kind" value={proposal.kind} />
                  <input type="hidden" name="counterpart_id" value={proposal.id} />
                  <button type="submit">{t('needs.proposals.propose')}</button>
                </form>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** One need or offer: what, who, until when, topics, contact; for a need its proposed counterparts. */
export function NeedPage({ ctx, item, names, practice, head, actions, timeline, proposals, canPropose }: {
  ctx: ViewContext; item: NeedOffer; names: PosterNames; practice: { id: string; title: string } | null; head: RecordHead;
  actions: { edit: boolean; statuses: string[]; publications: RecordState[] }; timeline: StateChange[];
  proposals: Proposal[] | null; canPropose: boolean;
}) {
  const { t } = ctx;
  const collection = COLLECTION_OF[item.kind];
  const textLang = item.language !== ctx.lang ? item.language : undefined;
  return (
    <Layout ctx={ctx} title={item.title} description={item.description.slice(0, 200)}>
      <article>
        <header>
          <p class="kicker">
            <a href={`/${collection}`}>{t(`needs.kicker.${item.kind}`)}</a>
          </p>
          <h1 lang={textLang}>{item.title}</h1>
          <p class="meta">
            {t('needs.poster')}: <Poster ctx={ctx} item={item} names={names} />
            {' · '}
            {item.expired ? <strong>{t('needs.expired', { date: formatDay(ctx, item.expiresOn) })}</strong> : t('needs.expires', { date: formatDay(ctx, item.expiresOn) })}
          </p>
          {item.expired ? <p class="note">{t('needs.expiredBadge')}</p> : null}
        </header>
        {item.description !== '' ? <PlainText text={item.description} lang={textLang} /> : null}
        {practice !== null ? (
          <p>
            {t('needs.prompted')}: <a href={`/practices/${practice.id}`}>{practice.title}</a>
          </p>
        ) : null}
        <Tags ctx={ctx} item={item} />
        <section aria-labelledby="contact-title">
          <h2 id="contact-title">{t('needs.contact')}</h2>
          {ctx.member !== null && item.contactEmail !== null ? (
            <p>
              {item.contactName ?? ''} · <a href={`mailto:${item.contactEmail}`}>{item.contactEmail}</a>
            </p>
          ) : (
            <p class="muted">{t('needs.contactHidden')}</p>
          )}
        </section>
        <p class="actions">
          {actions.edit ? <a href={`/${collection}/${item.id}/edit`}>{t('needs.edit')}</a> : null}
          {item.kind === 'need' && ctx.member !== null ? <a href={`/matches?need_id=${item.id}`}>{t('needs.matchesOfNeed')}</a> : null}
        </p>
        {proposals !== null ? <Proposals ctx={ctx} need={item} proposals={proposals} canPropose={canPropose} /> : null}
        <LifecycleActions ctx={ctx} noun={item.kind} action={`/${collection}/${item.id}`} version={head.version} status={null} publication={item.deleted ? 'deleted' : item.publication} allowed={actions} />
        <TimelineSection ctx={ctx} noun={item.kind} changes={timeline} />
      </article>
    </Layout>
  );
}



/** Who may post: the member's places and organisations (a select each), or any id for a curator. */
export interface PosterChoices {
  places: { id: string; name: string }[];
  organisations: { id: string; name: string }[];
  /** Curators and admins: free id fields instead of the member's own lists. */
  anyId: boolean;
}

/**
 * The form that writes a need or an offer (new, edit, or "we want to learn from this"): plain
 * HTML, no JavaScript; after a refused save it shows what was typed, with the reasons, and a
 * conflict (someone saved in between) without losing the typing.
 */
export function NeedFormPage({ ctx, kind, action, heading, lead, form, version, errors, conflict, posters, practice, submitLabel, cancelHref }: {
  ctx: ViewContext; kind: NeedKind; action: string; heading: string; lead?: string | undefined; form: NeedForm; version: number | null; errors: FormError[]; conflict: number | null;
  posters: PosterChoices; practice?: { id: string; title: string } | null | undefined; submitLabel?: string | undefined; cancelHref: string;
}) {
  const { t } = ctx;
  const value = (name: string) => {
    const v = form[name];
    return Array.isArray(v) ? v.join(', ') : (v ?? '');
  };
  const select = (name: 'place_id' | 'organisation_id', options: { id: string; name: string }[]) => (
    <select id={`f-${name}`} name={name} aria-describedby="f-poster-hint">
      <option value="">{t('needs.form.none')}</option>
      {options.map((option) => (
        <option value={option.id} selected={value(name) === option.id}>{option.name}</option>
      ))}
    </select>
  );
  return (
    <Layout ctx={ctx} title={heading}>
      <h1>{heading}</h1>
      {lead !== undefined ? <p class="lead">{lead}</p> : null}
      <ErrorSummary ctx={ctx} errors={errors} conflict={conflict} />
      <form method="post" action={action} class="record-form">
        <CsrfField ctx={ctx} />
        {version !== null ? <input type="hidden" name="version" value={String(version)} /> : null}
        {practice !== undefined && practice !== null ? (
          <p>
            {t('needs.form.practice')}: <a href={`/practices/${practice.id}`}>{practice.title}</a>
            <input type="hidden" name="practice_id" value={practice.id} />
          </p>
        ) : value('practice_id') !== '' ? (
          <input type="hidden" name="practice_id" value={value('practice_id')} />
        ) : null}
        <Field id="f-title" label={t('needs.form.title')} hint={t(`needs.form.titleHint.${kind}`)}>
          <input id="f-title" name="title" type="text" value={value('title')} required maxLength={300} aria-describedby="f-title-hint" />
        </Field>
        <Field id="f-description" label={t('needs.form.description')} hint={t('needs.form.descriptionHint')}>
          <textarea id="f-description" name="description" rows={6} maxLength={20000} aria-describedby="f-description-hint">{value('description')}</textarea>
        </Field>
        <Field id="f-language" label={t('needs.form.language')}>
          <select id="f-language" name="language">
            {[...new Set([...FORM_LANGUAGES, ...(value('language') !== '' ? [value('language')] : [])])].map((lang) => (
              <option value={lang} selected={value('language') === lang}>{t(`languages.${lang}`, { defaultValue: lang })}</option>
            ))}
          </select>
        </Field>
        <fieldset>
          <legend>{t('needs.poster')}</legend>
          <p class="hint" id="f-poster-hint">{posters.anyId ? t('needs.form.idsHint') : t('needs.form.posterHint')}</p>
          {posters.anyId ? (
            <>
              <Field id="f-place_id" label={t('needs.form.placeId')}>
                <input id="f-place_id" name="place_id" type="text" value={value('place_id')} maxLength={36} aria-describedby="f-poster-hint" />
              </Field>
              <Field id="f-organisation_id" label={t('needs.form.organisationId')}>
                <input id="f-organisation_id" name="organisation_id" type="text" value={value('organisation_id')} maxLength={36} aria-describedby="f-poster-hint" />
              </Field>
            </>
          ) : (
            <>
              <Field id="f-place_id" label={t('needs.form.place')}>{select('place_id', posters.places)}</Field>
              <Field id="f-organisation_id" label={t('needs.form.organisation')}>{select('organisation_id', posters.organisations)}</Field>
            </>
          )}
        </fieldset>
        {NEED_FACETS.map((facet) => (
          <fieldset>
            <legend>{t(`filters.${facet}`)}</legend>
            {codesOf(facet).map((code) => (
              <label class="choice">
                <input type="checkbox" name={facet} value={code} checked={chosen(form, facet).includes(code)} /> {vocabLabel(ctx, facet, code)}
              </label>
            ))}
          </fieldset>
        ))}
        <Field id="f-contact_name" label={t('needs.form.contactName')}>
          <input id="f-contact_name" name="contact_name" type="text" value={value('contact_name')} required maxLength={200} autocomplete="name" />
        </Field>
        <Field id="f-contact_email" label={t('needs.form.contactEmail')}>
          <input id="f-contact_email" name="contact_email" type="email" value={value('contact_email')} required maxLength={254} autocomplete="email" />
        </Field>
        <Field id="f-expires_on" label={t('needs.form.expiresOn')} hint={t('needs.form.expiresHint')}>
          <input id="f-expires_on" name="expires_on" type="date" value={value('expires_on')} required aria-describedby="f-expires_on-hint" />
        </Field>
        <p class="actions">
          <button type="submit">{submitLabel ?? t('form.save')}</button>
          <a href={cancelHref}>{t('form.cancel')}</a>
        </p>
      </form>
    </Layout>
  );
}
