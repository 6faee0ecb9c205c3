import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const ALLOWED = {
  allowedTags: ['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'h3', 'h4', 'h5', 'h6', 'a', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'title', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  transformTags: {
    // headings in a body sit below the page's own h1/h2
    h1: 'h3',
    h2: 'h4',
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener' }),
  },
};

/**
 * The one audited place where HTML that Pontes did not build with JSX reaches a page: a
 * practice body in CommonMark, rendered with raw HTML disabled, then passed through an
 * allowlist sanitiser. Keep it the only use of dangerouslySetInnerHTML (a test checks).
 */
export function MarkdownBlock({ source, lang }: { source: string; lang?: string | undefined }) {
  const html = sanitizeHtml(markdown.render(source), ALLOWED);
  return <div class="prose" lang={lang} dangerouslySetInnerHTML={{ __html: html }} />;
}
