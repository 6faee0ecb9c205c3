import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { renderIndicatorChart, SERIES_COLOURS, type ChartData, type ChartLabels } from './results.chart.js';

const labels: ChartLabels = {
  title: 'Vendors trained in food hygiene',
  description: 'Vendors trained in food hygiene. Baseline 0 vendors on 7 Nov 2012. Latest measurement 31 vendors on 30 Aug 2013.',
  baseline: 'Baseline', target: 'Target', actual: 'Measured', women: 'Women', men: 'Men', noData: 'No data yet',
};

const bySex: ChartData = {
  unit: 'vendors', measure: 'count', bySex: true,
  baseline: { value: 0, women: 0, men: 0, date: '2012-11-07' },
  targets: [{ date: '2013-12-31', value: 60, women: 30, men: 30 }, { date: '2014-12-31', value: 120, women: 70, men: 50 }],
  measurements: [{ date: '2013-06-20', value: 9, women: 5, men: 4 }, { date: '2013-08-30', value: 31, women: 19, men: 12 }],
};

/** Every element and attribute of an SVG document, read back with a DOM parser. */
function parse(svg: string) {
  const { document } = parseHTML(`<!doctype html><html><body>${svg.replace(/^<\?xml[^>]*>\s*/, '')}</body></html>`);
  const root = document.querySelector('svg')!;
  const elements = [root, ...Array.from(root.querySelectorAll('*'))];
  const attributes = elements.flatMap((element) => Array.from(element.attributes).map((a) => ({ element: element.localName, name: a.name, value: a.value })));
  return { root, elements, attributes };
}

const svg = await renderIndicatorChart(bySex, labels, 'en');

describe('the indicator chart (server-side SVG)', () => {

  it('is a standalone SVG document with a <title> and a <desc> that name it', async () => {
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    const { root } = parse(svg);
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(root.getAttribute('role')).toBe('img');
    expect(root.getAttribute('aria-labelledby')).toBe('chart-title chart-desc');
    expect(root.querySelector('title')?.textContent).toBe(labels.title);
    expect(root.querySelector('desc')?.textContent).toBe(labels.description);
    expect(root.firstElementChild?.localName).toBe('title');
  });

  it('draws the baseline, the targets, the measurements, and the women and men series, with a legend', async () => {
    const { attributes, root } = parse(svg);
    const strokes = new Set(attributes.filter((a) => a.name === 'stroke').map((a) => a.value));
    for (const colour of Object.values(SERIES_COLOURS)) expect(strokes, colour).toContain(colour);
    const texts = Array.from(root.querySelectorAll('text')).map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(['Baseline', 'Target', 'Measured', 'Women', 'Men', '↑ vendors']));
    // The measured line goes from the baseline through both measurements: three points.
    const lines = Array.from(root.querySelectorAll('path')).filter((p) => (p.getAttribute('stroke') ?? p.parentElement?.getAttribute('stroke')) === SERIES_COLOURS.actual && /^M[^A]*L/.test(p.getAttribute('d') ?? ''));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.getAttribute('d')!.split('L')).toHaveLength(3);
    // Axis ticks in the reader's language.
    expect(texts.some((t) => /2013/.test(t ?? ''))).toBe(true);
    expect(await renderIndicatorChart(bySex, labels, 'pt')).toMatch(/jan\.|ago\.|out\./);
  });

  it('holds no script, no event handler, no style and no reference outside itself', async () => {
    const { elements, attributes } = parse(svg);
    const names = new Set(elements.map((e) => e.localName));
    for (const forbidden of ['script', 'foreignobject', 'foreignObject', 'image', 'use', 'a', 'style', 'iframe']) expect(names.has(forbidden), forbidden).toBe(false);
    expect(attributes.filter((a) => /^on/i.test(a.name))).toEqual([]);
    expect(attributes.filter((a) => /href$/i.test(a.name) || a.name === 'style' || a.name === 'src')).toEqual([]);
    expect(attributes.filter((a) => /url\(|javascript:|data:/i.test(a.value))).toEqual([]);
    // The only address in it is the SVG namespace.
    expect(svg.match(/https?:\/\/[^\s"'<>]+/g)).toEqual(['http://www.w3.org/2000/svg']);
    expect(svg).not.toMatch(/<script|\son\w+\s*=|xlink:|@import/i);
  });

  it('escapes what the data says: a hostile title stays text', async () => {
    const hostile = await renderIndicatorChart(bySex, { ...labels, title: '<script>alert(1)</script> & "x" onload="y"', women: '<img src=x onerror=alert(2)>' }, 'en');
    expect(hostile).not.toMatch(/<script|<img/i);
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp;');
    const { elements, attributes } = parse(hostile);
    expect(elements.map((e) => e.localName)).not.toContain('script');
    expect(attributes.filter((a) => /^on/i.test(a.name))).toEqual([]);
  });

  it('is deterministic: the same data gives the same bytes, whatever was drawn before', async () => {
    const first = await renderIndicatorChart(bySex, labels, 'en');
    await renderIndicatorChart({ ...bySex, measure: 'percentage', unit: '%', bySex: false, baseline: null }, labels, 'fr');
    await renderIndicatorChart({ ...bySex, targets: [], measurements: [], baseline: null }, labels, 'en');
    expect(await renderIndicatorChart(bySex, labels, 'en')).toBe(first);
    expect(first).toBe(svg);
  });

  it('says so when there is nothing to draw, and copes with one lone value', async () => {
    const empty = await renderIndicatorChart({ ...bySex, baseline: null, targets: [], measurements: [] }, labels, 'en');
    expect(parse(empty).root.querySelector('title')?.textContent).toBe(labels.title);
    expect(empty).toContain('No data yet');
    const lone = await renderIndicatorChart({ unit: '%', measure: 'percentage', bySex: false, baseline: null, targets: [], measurements: [{ date: '2013-01-01', value: 35, women: null, men: null }] }, labels, 'en');
    expect(lone).toContain(SERIES_COLOURS.actual);
    expect(lone).toContain('>100<');
  });
});
