import type { RecordState } from '../../platform/auth/permissions.js';
import { Pager } from '../../views/components.js';
import type { ViewContext } from '../../views/context.js';
import { Layout } from '../../views/layout.js';
import { formatDay, LifecycleActions, statusLabel, TimelineSection, type RecordHead, type StateChange } from '../lifecycle/index.js';
import { explanationText, type PosterNames } from '../needs/index.js';
import { matchLifecycle, type MatchView } from './matches.domain.js';
import { COUNTERPART_PATH } from './matches.presenter.js';

function counterpartTitle(ctx: ViewContext, match: MatchView): string {
  return match.counterpart.title ?? ctx.t('matches.hidden');
}

/** The places and organisations of one side, named and linked. */
function SideNames({ ctx, placeIds, organisationIds, names }: { ctx: ViewContext; placeIds: (string | null)[]; organisationIds: (string | null)[]; names: PosterNames }) {
  const links = [
    ...placeIds.filter((id): id is string => id !== null).map((id) => {
      const place = names.places.get(id);
      return place === undefined ? null : <a href={`/places/${id}`}>{`${place.name} (${ctx.countryName(place.countryCode)})`}</a>;
    }),
    ...organisationIds.filter((id): id is string => id !== null).map((id) => {
      const name = names.organisations.get(id);
      return name === undefined ? null : <a href={`/organisations/${id}`}>{name}</a>;
    }),
  ].filter((link) => link !== null);
  if (links.length === 0) return null;
  return (
    <p class="meta">
      {links.map((link, i) => (
        <>
          {i > 0 ? ' · ' : ''}
          {link}
        </>
      ))}
    </p>
  );
}

function Contact({ ctx, name, email }: { ctx: ViewContext; name: string | null; email: string | null }) {
  if (email === null) return null;
  return (
    <p>
      {ctx.t('matches.contact', { name: name ?? '' })} · <a href={`mailto:${email}`}>{email}</a>
    </p>
  );
}

/** /matches: the matches the reader may see, filtered by status (and by need when asked). */
export function MatchListPage({ ctx, list, query, params }: {
  ctx: ViewContext; list: { items: MatchView[]; total: number; limit: number; offset: number }; query: { status: string; needId: string }; params: URLSearchParams;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('matches.title')} description={t('matches.lead')}>
      <h1>{t('matches.title')}</h1>
      <p class="lead">{t('matches.lead')}</p>
      <nav class="tabs" aria-label={t('needs.title')}>
        <a href="/needs">{t('needs.list.need')}</a>
        <a href="/offers">{t('needs.list.offer')}</a>
        <a href="/matches" aria-current="page">{t('matches.title')}</a>
      </nav>
      <form method="get" action="/matches" class="filters">
        {query.needId !== '' ? (
          <p>
            {t('matches.ofNeed')} <a href="/matches">{t('matches.allMatches')}</a>
            <input type="hidden" name="need_id" value={query.needId} />
          </p>
        ) : null}
        <label for="f-status">{t('matches.status')}</label>{' '}
        <select id="f-status" name="status">
          <option value="">{t('matches.allStatuses')}</option>
          {matchLifecycle.statuses.map((status) => (
            <option value={status} selected={query.status === status}>{statusLabel(ctx, 'match', status)}</option>
          ))}
        </select>{' '}
        <button type="submit">{t('matches.apply')}</button>
      </form>
      {list.items.length === 0 ? (
        <p class="muted">{t('matches.none')}</p>
      ) : (
        <ol class="cards matches">
          {list.items.map((match) => (
            <li class="card">
              <h2>
                <a href={`/matches/${match.id}`}>
                  {match.need.title} ↔ {counterpartTitle(ctx, match)}
                </a>
              </h2>
              <p class="meta">
                {statusLabel(ctx, 'match', match.status)}
                {' · '}
                {t(`matches.kind.${match.counterpartKind}`)}
                {' · '}
                {t('matches.score', { percent: Math.round(match.score * 100) })}
                {' · '}
                {t('matches.proposedOn', { date: formatDay(ctx, match.createdAt) })}
              </p>
            </li>
          ))}
        </ol>
      )}
      <Pager ctx={ctx} base="/matches" params={params} total={list.total} limit={list.limit} offset={list.offset} />
    </Layout>
  );
}

/** One match: the need, the counterpart, the score and its reasons in plain words, its partnership, moves and timeline. */
export function MatchPage({ ctx, match, names, head, actions, timeline }: {
  ctx: ViewContext; match: MatchView; names: PosterNames; head: RecordHead;
  actions: { edit: boolean; statuses: string[]; publications: RecordState[] }; timeline: StateChange[];
}) {
  const { t } = ctx;
  const title = `${match.need.title} ↔ ${counterpartTitle(ctx, match)}`;
  const reasons = match.explanation.filter((e) => e.contribution > 0.005);
  // The partnership is created from the match (POST /partnerships), never by a status button.
  const moves = { ...actions, statuses: actions.statuses.filter((status) => status !== 'partnership_created') };
  return (
    <Layout ctx={ctx} title={title}>
      <article>
        <header>
          <p class="kicker">
            <a href="/matches">{t('matches.kicker')}</a>
          </p>
          <h1>{title}</h1>
          <p class="meta">
            {t('lifecycle.statusIs', { status: statusLabel(ctx, 'match', match.status) })}
            {' · '}
            {t('matches.proposedOn', { date: formatDay(ctx, match.createdAt) })}
          </p>
        </header>
        {match.partnershipId !== null ? (
          <p class="note">
            {t('matches.partnership')} <a href={`/partnerships/${match.partnershipId}`}>{t('matches.openPartnership')}</a>
          </p>
        ) : match.status === 'accepted' ? (
          <p class="note">
            {t('matches.acceptedHint')}
            {actions.statuses.includes('partnership_created') ? (
              <>
                {' '}
                <a href={`/partnerships/new?match_id=${match.id}`}>{t('matches.startPartnership')}</a>
              </>
            ) : null}
          </p>
        ) : null}
        <section aria-labelledby="need-title">
          <h2 id="need-title">{t('matches.need')}</h2>
          <p>{match.need.readable ? <a href={`/needs/${match.need.id}`}>{match.need.title}</a> : match.need.title}</p>
          <SideNames ctx={ctx} placeIds={[match.need.placeId]} organisationIds={[match.need.organisationId]} names={names} />
          <Contact ctx={ctx} name={match.need.contactName} email={match.need.contactEmail} />
        </section>
        <section aria-labelledby="counterpart-title">
          <h2 id="counterpart-title">{t('matches.counterpart')}</h2>
          <p>
            <span class="badge">{t(`matches.kind.${match.counterpart.kind}`)}</span>{' '}
            {match.counterpart.title !== null ? <a href={`/${COUNTERPART_PATH[match.counterpart.kind]}/${match.counterpart.id}`}>{match.counterpart.title}</a> : t('matches.hidden')}
          </p>
          {match.counterpart.kind !== 'place' ? <SideNames ctx={ctx} placeIds={match.counterpart.placeIds} organisationIds={match.counterpart.organisationIds} names={names} /> : null}
          <Contact ctx={ctx} name={match.counterpart.contactName} email={match.counterpart.contactEmail} />
        </section>
        <section aria-labelledby="why-title">
          <h2 id="why-title">{t('matches.why')}</h2>
          <p class="meta">{t('matches.score', { percent: Math.round(match.score * 100) })}</p>
          {reasons.length > 0 ? (
            <ul class="reasons">
              {reasons.map((e) => (
                <li>{explanationText(e, t, ctx.lang)}</li>
              ))}
            </ul>
          ) : null}
        </section>
        <LifecycleActions ctx={ctx} noun="match" action={`/matches/${match.id}`} version={head.version} status={match.status} publication={match.deleted ? 'deleted' : match.publication} allowed={moves} />
        <TimelineSection ctx={ctx} noun="match" changes={timeline} />
      </article>
    </Layout>
  );
}
