import MarkdownIt from 'markdown-it';

/**
 * The learning report is CommonMark shown on a public page. MarkdownBlock (views/safe-html.tsx)
 * already renders it with raw HTML off and sanitises the result; this check refuses at the door
 * what that rendering would silently drop, so an author learns that their `<script>` or
 * `javascript:` link was not kept rather than finding it gone. It reads markdown-it's own
 * tokens (what the renderer will see), not regular expressions over the text: code spans and
 * code blocks that *show* HTML are fine, entity-obfuscated schemes ("jav&#x61;script:") are
 * decoded exactly as the renderer decodes them.
 */
const inspector = new MarkdownIt({ html: true, linkify: true, typographer: false });
// Every destination becomes a token here, even those markdown-it would refuse to link (it
// leaves `javascript:` links as text): the check below decides, and says why.
inspector.validateLink = () => true;

const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto']);

/** One reason a report is refused (field `learning_report`). */
export interface ReportProblem {
  reason: string;
  value?: string;
}

/** The scheme of a link destination as a browser would read it, or null for a relative link. */
export function schemeOf(destination: string): string | null {
  let decoded = destination;
  try {
    decoded = decodeURIComponent(destination);
  } catch {
    // a stray % keeps the text as it is
  }
  // Browsers drop ASCII whitespace and control characters inside a URL's scheme ("java\tscript:").
  // eslint-disable-next-line no-control-regex
  const squeezed = decoded.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(squeezed);
  return match === null ? null : match[1]!.toLowerCase();
}

function firstTag(html: string): string {
  const match = /<\/?\s*([a-z][a-z0-9-]*)|<!--|<\?|<!\[CDATA\[|<![a-z]/i.exec(html);
  if (match === null) return html.trim().slice(0, 40);
  return match[1] !== undefined ? `<${match[1].toLowerCase()}>` : match[0];
}

/**
 * What is wrong with a learning report: raw HTML (any tag, comment or declaration), and links,
 * autolinks or images whose scheme is not http, https or mailto. Empty when it may be saved.
 */
export function reportProblems(source: string): ReportProblem[] {
  const problems: ReportProblem[] = [];
  const seen = new Set<string>();
  const add = (problem: ReportProblem) => {
    const key = `${problem.reason}|${problem.value ?? ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  };
  const checkDestination = (kind: 'link' | 'image', destination: string) => {
    const scheme = schemeOf(destination);
    if (scheme !== null && !ALLOWED_SCHEMES.has(scheme)) {
      add({ reason: `has ${kind === 'image' ? 'an image' : 'a link'} with the scheme "${scheme}:"; only http, https and mailto links are allowed`, value: destination.slice(0, 100) });
    }
  };
  const walk = (tokens: ReturnType<typeof inspector.parse>) => {
    for (const token of tokens) {
      if (token.type === 'html_block' || token.type === 'html_inline') {
        add({ reason: `contains raw HTML (${firstTag(token.content)}); write Markdown, HTML is not allowed`, value: token.content.trim().slice(0, 100) });
      } else if (token.type === 'link_open') {
        checkDestination('link', String(token.attrGet('href') ?? ''));
      } else if (token.type === 'image') {
        checkDestination('image', String(token.attrGet('src') ?? ''));
      }
      if (token.children !== null) walk(token.children);
    }
  };
  walk(inspector.parse(source, {}));
  return problems;
}

/**
 * The report with its headings raised so that its top level is `#`: MarkdownBlock renders `#`
 * as h3, right below the page's "Learning report" h2, so a report written with `##` sections
 * does not skip a heading level. Only heading lines change (markdown-it says which lines they
 * are, so headings inside code blocks stay as written).
 */
export function withTopHeadingsRaised(source: string): string {
  const headings = inspector.parse(source, {}).filter((token) => token.type === 'heading_open' && token.map !== null);
  const levels = headings.map((token) => Number(token.tag.slice(1)));
  const shift = levels.length === 0 ? 0 : Math.min(...levels) - 1;
  if (shift === 0) return source;
  const lines = source.split('\n');
  for (const token of headings) {
    const [first, end] = token.map!;
    if (token.markup.startsWith('#')) {
      lines[first] = lines[first]!.replace(/^(\s{0,3})(#{1,6})/, (_m, indent: string, hashes: string) => `${indent}${'#'.repeat(hashes.length - shift)}`);
    } else if (Number(token.tag.slice(1)) === 2 && shift === 1) {
      // A setext heading underlined with "-" (level 2) becomes one underlined with "=".
      lines[end - 1] = lines[end - 1]!.replace(/-/g, '=');
    }
  }
  return lines.join('\n');
}
