import type { ComponentChildren } from 'preact';
import type { ViewContext } from './context.js';
import { CsrfField } from './csrf.js';

export interface LayoutProps {
  ctx: ViewContext;
  title: string;
  description?: string;
  children: ComponentChildren;
}

/** The page shell: skip link, header with the main navigation, main, footer with credits. */
export function Layout({ ctx, title, description, children }: LayoutProps) {
  const { t } = ctx;
  const nav = [
    { href: '/practices', label: t('nav.practices') },
    { href: '/match', label: t('nav.peers') },
    { href: '/cooperation', label: t('nav.cooperation') },
    { href: '/places', label: t('nav.places') },
    { href: '/organisations', label: t('nav.organisations') },
  ];
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Pontes`}</title>
        <meta name="description" content={description ?? t('layout.description')} />
        <link rel="stylesheet" href={ctx.cssHref} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t('layout.skip')}
        </a>
        <header class="site">
          <a class="brand" href="/">
            Pontes
          </a>
          <form method="get" action="/search" class="site-search" role="search">
            <label for="site-q" class="visually-hidden">
              {t('search.label')}
            </label>
            <input id="site-q" type="search" name="q" placeholder={t('search.placeholder')} maxLength={500} />
            <button type="submit">{t('search.submit')}</button>
          </form>
          <nav aria-label={t('nav.label')}>
            <ul>
              {nav.map((item) => (
                <li>
                  <a href={item.href} aria-current={ctx.path.startsWith(item.href) ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <nav class="account-nav" aria-label={t('nav.account')}>
            {ctx.member === null ? (
              <a href="/sign-in" aria-current={ctx.path === '/sign-in' ? 'page' : undefined}>
                {t('nav.signIn')}
              </a>
            ) : (
              <>
                <a href="/account" aria-current={ctx.path.startsWith('/account') ? 'page' : undefined}>
                  {ctx.member.name !== '' ? ctx.member.name : t('nav.account')}
                </a>
                <form method="post" action="/sign-out" class="inline">
                  <CsrfField ctx={ctx} />
                  <button type="submit">{t('nav.signOut')}</button>
                </form>
              </>
            )}
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer class="site">
          <p>{t('layout.footer.about')}</p>
          <p>
            {t('layout.footer.data')} <a href="/api/v1/openapi.json">{t('layout.footer.api')}</a>
          </p>
          <p class="credits">{t('layout.footer.credits')}</p>
        </footer>
      </body>
    </html>
  );
}
