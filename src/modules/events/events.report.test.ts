import { describe, expect, it } from 'vitest';
import { isKnownTimeZone, localIso, parseEventTime } from './events.domain.js';
import { reportProblems, schemeOf, withTopHeadingsRaised } from './events.report.js';

describe('the learning report check', () => {
  it('accepts Markdown with http, https, mailto and relative links, and HTML shown as code', () => {
    expect(reportProblems('# Findings\n\n[a](https://x.org) <http://y.org> <info@example.org> [b](mailto:a@b.org) [c](/practices/1) ![d](https://x.org/i.png)')).toEqual([]);
    expect(reportProblems('Never paste `<script>` here.\n\n    <script>alert(1)</script>\n\n```html\n<b>x</b>\n```')).toEqual([]);
    expect(reportProblems('a < b and c > d; 3 <4')).toEqual([]);
  });

  it.each([
    ['<script>alert(1)</script>', /raw HTML \(<script>\)/],
    ['text <img src=x onerror=alert(1)> text', /raw HTML \(<img>\)/],
    ['<!-- hidden -->', /raw HTML/],
    ['[x](javascript:alert(1))', /"javascript:"/],
    ['[x](JAVASCRIPT:alert(1))', /"javascript:"/],
    ['[x](jav&#x61;script:alert(1))', /"javascript:"/],
    ['[x](jav&#97;script&colon;alert(1))', /"javascript:"/],
    ['[x](java%09script:alert(1))', /"javascript:"/],
    ['<javascript:alert(1)>', /"javascript:"/],
    ['[x][r]\n\n[r]: vbscript:msgbox(1)', /"vbscript:"/],
    ['![x](data:image/svg+xml;base64,PHN2Zz4=)', /an image with the scheme "data:"/],
    ['[x](file:///etc/passwd)', /"file:"/],
  ])('refuses %j', (source, reason) => {
    const problems = reportProblems(source);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((p) => p.reason).join(' ')).toMatch(reason);
  });

  it('reads schemes as a browser would', () => {
    expect(schemeOf(' java\nscript:x')).toBe('javascript');
    expect(schemeOf('/relative/path')).toBeNull();
    expect(schemeOf('HTTPS://x.org')).toBe('https');
  });

  it('raises a report\'s headings so that its top level sits right below the page\'s', () => {
    expect(withTopHeadingsRaised('## A\n\n### B\n\n```\n## code\n```')).toBe('# A\n\n## B\n\n```\n## code\n```');
    expect(withTopHeadingsRaised('# A\n\n## B')).toBe('# A\n\n## B');
  });
});

describe('event times', () => {
  it('reads local times in the zone and offsets as instants', () => {
    expect(parseEventTime('2012-11-07T09:00', 'Africa/Maputo')!.toISOString()).toBe('2012-11-07T07:00:00.000Z');
    expect(parseEventTime('2012-11-07 09:00:30', 'Africa/Maputo')!.toISOString()).toBe('2012-11-07T07:00:30.000Z');
    expect(parseEventTime('2012-11-07T09:00-03:00', 'Africa/Maputo')!.toISOString()).toBe('2012-11-07T12:00:00.000Z');
    expect(parseEventTime('2012-11-07T09:00Z', 'Africa/Maputo')!.toISOString()).toBe('2012-11-07T09:00:00.000Z');
    expect(parseEventTime('2013-06-28', 'Europe/Madrid')!.toISOString()).toBe('2013-06-27T22:00:00.000Z');
    expect(parseEventTime('2013-06-29', 'Europe/Madrid', true)!.toISOString()).toBe('2013-06-29T21:59:00.000Z');
    expect(localIso(new Date('2013-01-15T12:00:00Z'), 'America/Sao_Paulo')).toBe('2013-01-15T10:00:00-02:00');
  });

  it('refuses what is not a date-time', () => {
    for (const bad of ['7 November 2012', '2012-02-30T09:00', '2012-11-07T25:00', '2012-W45-3', '', 'now']) expect(parseEventTime(bad, 'UTC'), bad).toBeUndefined();
  });

  it('knows the zones of the runtime and UTC', () => {
    expect(isKnownTimeZone('Africa/Maputo')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Africa/Atlantis')).toBe(false);
    expect(isKnownTimeZone('africa/maputo')).toBe(false);
  });
});
