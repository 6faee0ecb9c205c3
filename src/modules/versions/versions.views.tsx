import { formatDate } from '../../views/components.js';
import type { ViewContext } from '../../views/context.js';
import { Layout } from '../../views/layout.js';
import { diffVersions, type RecordVersion } from './versions.service.js';

/**
 * A record's history: each kept version, newest first, with what changed since the one before
 * as a line diff of its JSON. Every character goes through JSX (escaped): no raw HTML.
 */
export function HistoryPage({ ctx, title, back, versions }: { ctx: ViewContext; title: string; back: string; versions: RecordVersion[] }) {
  const { t } = ctx;
  const newestFirst = versions.map((version, i) => ({ version, previous: i > 0 ? versions[i - 1]! : null })).reverse();
  return (
    <Layout ctx={ctx} title={t('history.title', { title })}>
      <p class="kicker">{t('history.kicker')}</p>
      <h1>{title}</h1>
      <p>
        <a href={back}>{t('history.back')}</a>
      </p>
      {versions.length === 0 ? <p class="muted">{t('history.none')}</p> : null}
      {newestFirst.map(({ version, previous }) => (
        <section class="version" id={`v${version.version}`}>
          <h2>{t('history.version', { version: version.version })}</h2>
          <p class="meta">
            {formatDate(ctx, new Date(version.at))}
            {version.status !== null ? ` · ${t(`status.${version.status}`, { defaultValue: version.status })}` : ''}
            {version.memberId === null ? ` · ${t('history.bySystem')}` : ''}
          </p>
          {version.note !== null && version.note !== '' ? <p class="note">{version.note}</p> : null}
          <figure class="version-diff">
            <figcaption class="meta">{previous === null ? t('history.first') : t('history.changes', { from: previous.version, to: version.version })}</figcaption>
            <pre class="diff">
              {diffVersions(previous?.data ?? null, version.data).map((part) =>
                part.kind === 'added' ? <ins>{part.text}</ins> : part.kind === 'removed' ? <del>{part.text}</del> : <span>{part.text}</span>,
              )}
            </pre>
          </figure>
        </section>
      ))}
    </Layout>
  );
}
