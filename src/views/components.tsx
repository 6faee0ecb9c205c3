import type { ViewContext } from './context.js';

/** Links to pages 1..n of a list, keeping its filters; works without JavaScript. */
export function Pager({ ctx, base, params, total, limit, offset }: { ctx: ViewContext; base: string; params: URLSearchParams; total: number; limit: number; offset: number }) {
  const { t } = ctx;
  if (total <= limit && offset === 0) return null;
  const link = (newOffset: number) => {
    const next = new URLSearchParams(params);
    if (newOffset > 0) next.set('offset', String(newOffset));
    else next.delete('offset');
    const qs = next.toString();
    return qs === '' ? base : `${base}?${qs}`;
  };
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.ceil(total / limit);
  return (
    <nav class="pager" aria-label={t('pager.label')}>
      {offset > 0 ? (
        <a href={link(Math.max(0, offset - limit))} rel="prev">
          {t('pager.previous')}
        </a>
      ) : null}
      <span>{t('pager.position', { page, pages })}</span>
      {offset + limit < total ? (
        <a href={link(offset + limit)} rel="next">
          {t('pager.next')}
        </a>
      ) : null}
    </nav>
  );
}

/** A code of a vocabulary shown by its translated label. */
export function vocabLabel(ctx: ViewContext, vocabulary: string, code: string): string {
  return ctx.t(`vocab.${vocabulary}.${code}`, { defaultValue: code });
}

export function formatNumber(ctx: ViewContext, value: number): string {
  return new Intl.NumberFormat(ctx.lang).format(value);
}

export function formatDate(ctx: ViewContext, value: Date): string {
  return new Intl.DateTimeFormat(ctx.lang, { dateStyle: 'medium' }).format(value);
}

/** "2007–2009", "since 2012", "until 2013". */
export function formatPeriod(ctx: ViewContext, period: { start?: string; end?: string } | null): string | null {
  if (period === null) return null;
  if (period.start !== undefined && period.end !== undefined) return ctx.t('period.range', { start: period.start, end: period.end });
  if (period.start !== undefined) return ctx.t('period.since', { start: period.start });
  if (period.end !== undefined) return ctx.t('period.until', { end: period.end });
  return null;
}
