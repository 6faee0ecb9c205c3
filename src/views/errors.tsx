import type { ViewContext } from './context.js';
import { Layout } from './layout.js';

/** The page shown for any error: a translated message, the status and the stable code. */
export function ErrorPage({ ctx, status, code, message }: { ctx: ViewContext; status: number; code: string; message: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('errors.pageTitle', { status })}>
      <h1>{message}</h1>
      <p class="muted">
        {t('errors.codeLine', { status, code })}
      </p>
      <p>
        <a href="/">{t('errors.home')}</a> · <a href="/practices">{t('nav.practices')}</a>
      </p>
    </Layout>
  );
}
