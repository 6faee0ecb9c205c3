import { formatNumber } from '../../views/components.js';
import type { ViewContext } from '../../views/context.js';
import { Layout } from '../../views/layout.js';
import { PracticeCards, type PracticeListItem } from '../practices/index.js';
import { codesOf } from '../vocabularies/index.js';

export interface HomeFigures {
  practices: number;
  goodPractices: number;
  countries: number;
  places: number;
}

export function HomePage({ ctx, figures, latest }: { ctx: ViewContext; figures: HomeFigures; latest: PracticeListItem[] }) {
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
