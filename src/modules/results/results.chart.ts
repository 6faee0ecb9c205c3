import type * as PlotTypes from '@observablehq/plot';
import type { parseHTML as ParseHTML } from 'linkedom';
import type { Baseline, DatedValue, Measure } from './results.domain.js';

/**
 * An indicator's chart as a standalone SVG document, drawn on the server by Observable Plot
 * into a linkedom document (no browser, no JavaScript on the page): the baseline, the targets
 * and the measurements over time, and the women's and men's series when the indicator is split
 * by sex. The output is a pure function of its input: the same data and labels give the same
 * bytes (no ids from counters, no clock), and it holds no script, no event handler and no
 * reference outside itself — only shapes, text, a <title> and a <desc>.
 */

export interface ChartData {
  unit: string;
  measure: Measure;
  bySex: boolean;
  baseline: Baseline | null;
  targets: readonly DatedValue[];
  measurements: readonly DatedValue[];
}

/** The chart's words, already translated for the reader. */
export interface ChartLabels {
  /** The SVG's <title>: the indicator's title. */
  title: string;
  /** The SVG's <desc>: the same summary sentence the page gives as the image's alt text. */
  description: string;
  baseline: string;
  target: string;
  actual: string;
  women: string;
  men: string;
  noData: string;
}

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 340;

/** Okabe–Ito colours (told apart with colour-blindness), darkened for 3:1 contrast on white; each series also has its own symbol and line. */
export const SERIES_COLOURS = { baseline: '#555555', target: '#b34700', actual: '#0060a0', women: '#a3367a', men: '#007a5a' } as const;
const SVG_NS = 'http://www.w3.org/2000/svg';

type Series = keyof typeof SERIES_COLOURS;
interface Point { date: Date; value: number }

const day = (value: string) => new Date(`${value}T00:00:00Z`);
const DAY_MS = 86_400_000;

/** Rough width of a label in pixels at Plot's 10px font, enough to lay the legend out without measuring text. */
const textWidth = (text: string) => Math.ceil([...text].length * 6.2);

function legendMarks(items: { series: Series; label: string; symbol: string; hollow?: boolean }[]): PlotTypes.Markish[] {
  const marks: PlotTypes.Markish[] = [];
  let dx = 0;
  for (const item of items) {
    marks.push(Plot.dot([item.label], {
      frameAnchor: 'top-left', dx: dx + 5, dy: -26, r: 4, symbol: item.symbol, stroke: SERIES_COLOURS[item.series], fill: item.hollow === true ? 'white' : SERIES_COLOURS[item.series],
    }));
    marks.push(Plot.text([item.label], { frameAnchor: 'top-left', dx: dx + 14, dy: -26, text: (d: string) => d, textAnchor: 'start', lineAnchor: 'middle', fill: 'currentColor' }));
    dx += 14 + textWidth(item.label) + 18;
  }
  return marks;
}

// Observable Plot and linkedom load with the first chart, not at start: together they cost a
// server about 0.25 s of start-up that most requests never need (docs/benchmarks.md).
let Plot: typeof PlotTypes;
let parseHTML: typeof ParseHTML;
let loading: Promise<void> | undefined;

function loadChartLibraries(): Promise<void> {
  loading ??= Promise.all([import('@observablehq/plot'), import('linkedom')]).then(([plot, dom]) => {
    Plot = plot;
    parseHTML = dom.parseHTML;
  });
  return loading;
}

/** The chart as an SVG document (UTF-8 text). */
export async function renderIndicatorChart(data: ChartData, labels: ChartLabels, lang: string): Promise<string> {
  await loadChartLibraries();
  return drawChart(data, labels, lang);
}

function drawChart(data: ChartData, labels: ChartLabels, lang: string): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const baseline = data.baseline !== null && data.baseline.value !== null ? data.baseline : null;
  const baselineDay = baseline?.date ?? null;
  const series: Record<Series, Point[]> = { baseline: [], target: [], actual: [], women: [], men: [] };
  const womenTargets: Point[] = [];
  const menTargets: Point[] = [];
  if (baseline !== null && baselineDay !== null) {
    series.baseline.push({ date: day(baselineDay), value: baseline.value! });
    series.actual.push({ date: day(baselineDay), value: baseline.value! });
    series.target.push({ date: day(baselineDay), value: baseline.value! });
    if (data.bySex && baseline.women !== null) series.women.push({ date: day(baselineDay), value: baseline.women });
    if (data.bySex && baseline.men !== null) series.men.push({ date: day(baselineDay), value: baseline.men });
  }
  for (const m of data.measurements) {
    series.actual.push({ date: day(m.date), value: m.value });
    if (data.bySex && m.women !== null) series.women.push({ date: day(m.date), value: m.women });
    if (data.bySex && m.men !== null) series.men.push({ date: day(m.date), value: m.men });
  }
  for (const t of data.targets) {
    series.target.push({ date: day(t.date), value: t.value });
    if (data.bySex && t.women !== null) womenTargets.push({ date: day(t.date), value: t.women });
    if (data.bySex && t.men !== null) menTargets.push({ date: day(t.date), value: t.men });
  }
  const all = [...Object.values(series).flat(), ...womenTargets, ...menTargets];
  const numberFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const dayFormat = new Intl.DateTimeFormat(lang, { month: 'short', year: 'numeric', timeZone: 'UTC' });

  let svg: SvgElement;
  if (all.length === 0 && baseline === null) {
    svg = Plot.plot({
      document: document as unknown as PlotTypes.PlotOptions['document'],
      width: CHART_WIDTH, height: CHART_HEIGHT, x: { axis: null }, y: { axis: null },
      marks: [Plot.frame({ stroke: '#bbbbbb' }), Plot.text([labels.noData], { frameAnchor: 'middle', text: (d: string) => d, fontSize: 14 })],
    }) as unknown as SvgElement;
  } else {
    const times = all.map((p) => p.date.getTime());
    let [minTime, maxTime] = times.length > 0 ? [Math.min(...times), Math.max(...times)] : [0, 0];
    if (minTime === maxTime) [minTime, maxTime] = [minTime - 60 * DAY_MS, maxTime + 60 * DAY_MS];
    const values = [...all.map((p) => p.value), ...(baseline !== null ? [baseline.value!] : [])];
    const top = Math.max(...values);
    const yDomain = data.measure === 'percentage' ? [0, 100] : [Math.min(0, ...values), top > 0 ? top : 1];
    const marks: PlotTypes.Markish[] = [Plot.ruleY([yDomain[0]!], { stroke: '#999999' })];
    if (baseline !== null) {
      marks.push(Plot.ruleY([baseline.value!], { x1: baselineDay !== null ? day(baselineDay) : new Date(minTime), x2: new Date(maxTime), stroke: SERIES_COLOURS.baseline, strokeDasharray: '2,3' }));
    }
    const line = (points: Point[], name: Series, dash?: string) => {
      if (points.length >= 2) marks.push(Plot.line(points, { x: 'date', y: 'value', stroke: SERIES_COLOURS[name], strokeWidth: name === 'actual' ? 2.5 : 1.75, ...(dash !== undefined ? { strokeDasharray: dash } : {}) }));
    };
    const dots = (points: Point[], name: Series, symbol: string, hollow = false, dx = 0) => {
      if (points.length > 0) marks.push(Plot.dot(points, { x: 'date', y: 'value', symbol, r: 4, dx, stroke: SERIES_COLOURS[name], fill: hollow ? 'white' : SERIES_COLOURS[name], strokeWidth: 1.5 }));
    };
    line(series.target, 'target', '6,4');
    line(series.women, 'women');
    line(series.men, 'men');
    line(series.actual, 'actual');
    dots(series.baseline, 'baseline', 'square');
    dots(series.target.slice(baselineDay !== null && baseline !== null ? 1 : 0), 'target', 'diamond');
    // Women's and men's targets side by side, so equal ones do not hide each other.
    dots(womenTargets, 'women', 'diamond', true, -6);
    dots(menTargets, 'men', 'diamond', true, 6);
    dots(series.women.slice(baselineDay !== null && baseline?.women != null ? 1 : 0), 'women', 'triangle');
    dots(series.men.slice(baselineDay !== null && baseline?.men != null ? 1 : 0), 'men', 'cross');
    dots(series.actual.slice(baselineDay !== null && baseline !== null ? 1 : 0), 'actual', 'circle');
    const legend: { series: Series; label: string; symbol: string; hollow?: boolean }[] = [];
    if (baseline !== null) legend.push({ series: 'baseline', label: labels.baseline, symbol: 'square' });
    if (data.targets.length > 0) legend.push({ series: 'target', label: labels.target, symbol: 'diamond' });
    if (data.measurements.length > 0) legend.push({ series: 'actual', label: labels.actual, symbol: 'circle' });
    if (data.bySex && (series.women.length > 0 || womenTargets.length > 0)) legend.push({ series: 'women', label: labels.women, symbol: 'triangle' });
    if (data.bySex && (series.men.length > 0 || menTargets.length > 0)) legend.push({ series: 'men', label: labels.men, symbol: 'cross' });
    marks.push(...legendMarks(legend));
    svg = Plot.plot({
      document: document as unknown as PlotTypes.PlotOptions['document'],
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
      marginTop: 48,
      marginRight: 24,
      marginLeft: 56,
      x: { type: 'utc', domain: [new Date(minTime), new Date(maxTime)], inset: 16, ticks: 6, tickFormat: (d: Date) => dayFormat.format(d), label: null },
      y: { domain: yDomain, nice: data.measure !== 'percentage', grid: true, label: data.unit, tickFormat: (v: number) => numberFormat.format(v) },
      marks,
    }) as unknown as SvgElement;
  }
  return serialise(document as unknown as SvgDocument, svg, labels);
}

/** The few DOM members the finishing touches use (the project compiles without the DOM library). */
interface SvgElement {
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  querySelectorAll(selector: string): Iterable<SvgElement & { remove(): void }>;
  insertBefore(node: unknown, reference: unknown): void;
  firstChild: unknown;
  outerHTML: string;
}
interface SvgDocument {
  createElementNS(namespace: string, name: string): SvgElement & { textContent: string };
}

/**
 * Makes Plot's SVG a standalone, self-describing document: the SVG namespace, a <title> and a
 * <desc> named by aria-labelledby, and no <style> element (it only sizes the chart inside an
 * HTML page, and the site's content security policy would refuse it when the SVG is opened on
 * its own; presentation attributes carry every colour).
 */
function serialise(document: SvgDocument, svg: SvgElement, labels: ChartLabels): string {
  for (const style of svg.querySelectorAll('style')) style.remove();
  svg.removeAttribute('class');
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('font-size', '11');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', 'chart-title chart-desc');
  const desc = document.createElementNS(SVG_NS, 'desc');
  desc.setAttribute('id', 'chart-desc');
  desc.textContent = labels.description;
  svg.insertBefore(desc, svg.firstChild);
  const title = document.createElementNS(SVG_NS, 'title');
  title.setAttribute('id', 'chart-title');
  title.textContent = labels.title;
  svg.insertBefore(title, svg.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.outerHTML}\n`;
}
