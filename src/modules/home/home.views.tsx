import { formatNumber } from '../../views/components.js';
import type { ViewContext } from '../../views/context.js';
import { Layout } from '../../views/layout.js';
import { PracticeCards, type PracticeListItem } from '../practices/index.js';
import { codesOf } from '../vocabularies/index.js';
import { statusLabel } from '../lifecycle/index.js';
import type { LoopStep } from './home.service.js';

export interface HomeFigures {
  practices: number;
  goodPractices: number;
  countries: number;
  places: number;
}

/** What one live step of the loop says: the record and its state in plain words. */
function LoopDetail({ ctx, step }: { ctx: ViewContext; step: LoopStep }) {
  const { t } = ctx;
  switch (step.step) {
    case 'need':
      return null;
    case 'match':
      return <>{t('home.loop.matchDetail', { status: statusLabel(ctx, 'match', step.status) })}</>;
    case 'partnership':
      return <>{t('home.loop.partnershipDetail', { status: statusLabel(ctx, 'partnership', step.status), modality: step.modality === null ? '—' : t(`vocab.modalities.${step.modality}`, { defaultValue: step.modality }) })}</>;
    case 'event':
      return (
        <>
          {t('home.loop.eventDetail', {
            date: new Intl.DateTimeFormat(ctx.lang, { dateStyle: 'medium', timeZone: step.timeZone }).format(step.startsAt),
            count: step.participants,
          })}
        </>
      );
    case 'roadmap':
      return <>{t('home.loop.roadmapDetail', { done: step.done, total: step.total, overdue: step.overdue })}</>;
    case 'results':
      return <>{step.latest === null ? t('home.loop.resultsNone') : t('home.loop.resultsDetail', { latest: formatNumber(ctx, step.latest), target: step.target === null ? '—' : formatNumber(ctx, step.target), unit: step.unit })}</>;
    case 'practice':
      return step.adaptedFrom === null ? null : <>{t('home.loop.practiceDetail', { from: step.adaptedFrom })}</>;
  }
}

/** The cooperation loop, told by the handbook's Maputo–Durban story as it stands in the database. */
export function CooperationLoop({ ctx, loop }: { ctx: ViewContext; loop: LoopStep[] }) {
  const { t } = ctx;
  return (
    <section class="loop" aria-labelledby="loop-title">
      <h2 id="loop-title">{t('home.loop.title')}</h2>
      <p>{t('home.loop.lead')}</p>
      {loop.length > 0 ? (
        <ol class="loop-steps">
          {loop.map((step) => (
            <li>
              <span class="kicker">{t(`home.loop.step.${step.step}`)}</span>{' '}
              <a href={step.href}>{step.title}</a>{' '}
              <span class="meta">
                <LoopDetail ctx={ctx} step={step} />
              </span>
            </li>
          ))}
        </ol>
      ) : null}
      <p>
        <a href="/cooperation">{t('home.loop.more')}</a>
      </p>
    </section>
  );
}

export function HomePage({ ctx, figures, latest, loop }: { ctx: ViewContext; figures: HomeFigures; latest: PracticeListItem[]; loop: LoopStep[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('home.title')}>
      <section class="intro">
        <h1>{t('home.heading')}</h1>
        <p class="lead">{t('home.lead')}</p>
        <p>{t('home.how')}</p>
      </section>
      <section aria-label={t('home.figuresLabel')}>
        <ul class="figures">
          <li>
            <strong>{formatNumber(ctx, figures.practices)}</strong> {t('home.figures.practices', { count: figures.practices })}
          </li>
          <li>
            <strong>{formatNumber(ctx, figures.goodPractices)}</strong> {t('home.figures.goodPractices', { count: figures.goodPractices })}
          </li>
          <li>
            <strong>{formatNumber(ctx, figures.places)}</strong> {t('home.figures.places', { count: figures.places })}
          </li>
          <li>
            <strong>{formatNumber(ctx, figures.countries)}</strong> {t('home.figures.countries', { count: figures.countries })}
          </li>
        </ul>
      </section>
      <CooperationLoop ctx={ctx} loop={loop} />
      <section>
        <h2>{t('home.byPillar')}</h2>
        <ul class="pillars">
          {codesOf('pillars').map((code) => (
            <li>
              <a href={`/practices?pillars=${code}`}>{t(`vocab.pillars.${code}`)}</a>
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>{t('home.latest')}</h2>
        <PracticeCards ctx={ctx} practices={latest} />
        <p>
          <a href="/practices">{t('home.allPractices')}</a>
        </p>
      </section>
    </Layout>
  );
}

/** The collections of the cooperation lifecycle, one line each on what they hold. */
const HUB = [
  ['needs', '/needs'], ['offers', '/offers'], ['matches', '/matches'], ['partnerships', '/partnerships'], ['events', '/events'], ['roadmaps', '/roadmaps'], ['results', '/results'],
] as const;

/** /cooperation: where needs, offers, matches, partnerships, events, roadmaps and results live. */
export function CooperationPage({ ctx, loop }: { ctx: ViewContext; loop: LoopStep[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('home.hub.title')}>
      <h1>{t('home.hub.title')}</h1>
      <p class="lead">{t('home.hub.lead')}</p>
      <ul class="hub">
        {HUB.map(([key, href]) => (
          <li>
            <a href={href}>{t(`home.hub.${key}`)}</a> <span class="meta">{t(`home.hub.${key}Hint`)}</span>
          </li>
        ))}
      </ul>
      <CooperationLoop ctx={ctx} loop={loop} />
    </Layout>
  );
}
