// Small SVG charts of our own: line, bar, histogram and a weekday × hour heat map. Each is a <figure> holding an
// <svg role="img"> with an aria-label and a <title>, and a visually hidden table of the same figures for screen
// readers. They scale to their container through the viewBox; colours are set as SVG attributes (no inline styles).
import { h, number as formatNumber } from './ui.js';

const NS = 'http://www.w3.org/2000/svg';

/** Series colours: each at least 4.5:1 against white. */
export const COLOURS = ['#1f4ed8', '#b42318', '#067647', '#8a4b00', '#6d28d9', '#0e6e7a', '#9d174d', '#374151'];

let chartIds = 0;

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  Object.entries(attrs).forEach(([key, value]) => {
    if (value !== undefined && value !== null && value !== false) el.setAttribute(key, String(value));
  });
  children.flat(Infinity).forEach((child) => {
    if (child === undefined || child === null || child === false) return;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  });
  return el;
}

const plain = (value) => formatNumber(value, 1);

/**
 * The width to draw at: the main column's, so the viewBox matches the pixels and text keeps its size; the
 * chart still scales with its container afterwards (a resize or a narrower card).
 */
export function fitWidth(max = 720) {
  const main = document.getElementById('main');
  const available = main ? main.clientWidth - 48 : max;
  return Math.round(Math.max(300, Math.min(max, available)));
}

/** A tidy axis: about `count` round steps from 0 (or the minimum) to at least the maximum. */
function ticks(min, max, count = 4) {
  if (!(max > min)) return { min: Math.min(0, min), max: Math.max(1, max), step: Math.max(1, max) / count, values: [0, Math.max(1, max)] };
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((v) => v >= raw) || 10 * power;
  const low = Math.floor(min / step) * step;
  const high = Math.ceil(max / step) * step;
  const values = [];
  for (let v = low; v <= high + step / 2; v += step) values.push(Number(v.toFixed(10)));
  return { min: low, max: high, step, values };
}

function figure(svg, label, summaryTable, legend) {
  return h('figure', { class: 'chart-figure' }, svg, legend || null, summaryTable);
}

function svgRoot(width, height, label, className = 'chart') {
  const id = `chart-${++chartIds}`;
  return s('svg', {
    class: className,
    viewBox: `0 0 ${width} ${height}`,
    preserveAspectRatio: 'xMidYMid meet',
    role: 'img',
    'aria-label': label,
    'aria-labelledby': `${id}-title`,
    focusable: 'false',
  }, s('title', { id: `${id}-title` }, label));
}

function hiddenTable(caption, headers, rows) {
  // a table is never narrower than its content, so the hiding is done by a wrapper
  return h('div', { class: 'visually-hidden chart-data' }, h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, row.map((cell, i) => h(i ? 'td' : 'th', i ? {} : { scope: 'row' }, cell))))),
  ));
}

function legendOf(items) {
  if (items.length < 2) return null;
  return h('ul', { class: 'legend', 'aria-hidden': 'true' }, items.map((item, i) => h('li', {}, swatch(item.colour || COLOURS[i % COLOURS.length]), item.name)));
}

/** A small square of a colour, drawn as SVG so no style attribute is needed. */
export function swatch(colour) {
  return s('svg', { class: 'swatch', viewBox: '0 0 10 10', 'aria-hidden': 'true', focusable: 'false' }, s('rect', { width: 10, height: 10, rx: 2, fill: colour }));
}

function empty(label, text = 'No data for this period.') {
  return h('figure', { class: 'chart-figure chart-empty' }, h('p', { class: 'muted', role: 'note', 'aria-label': label }, text));
}

/**
 * Lines over a shared x axis. x may be numbers or Dates; `xFormat` renders an x, `format` a y.
 * lineChart({label, series:[{name, points:[{x,y}]}], xLabel, yLabel, format, xFormat})
 */
export function lineChart({ label, series = [], xLabel = 'x', yLabel = 'y', format = plain, xFormat, height = 220, width = fitWidth(), bars = false } = {}) {
  const title = label || `${yLabel} by ${xLabel}`;
  const all = series.flatMap((one) => one.points.filter((p) => p.y !== null && p.y !== undefined && !Number.isNaN(Number(p.y))));
  if (!all.length) return empty(title);
  const xs = all.map((p) => +p.x);
  const showX = xFormat || ((x) => (typeof all[0].x === 'object' ? new Date(x).toLocaleDateString() : plain(x)));
  const left = 56;
  const right = 12;
  const top = 12;
  const bottom = 40;
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const y = ticks(Math.min(0, ...all.map((p) => +p.y)), Math.max(...all.map((p) => +p.y)));
  const px = (x) => (maxX === minX ? left + (width - left - right) / 2 : left + ((x - minX) / (maxX - minX)) * (width - left - right));
  const py = (v) => top + (1 - (v - y.min) / (y.max - y.min)) * (height - top - bottom);
  const svg = svgRoot(width, height, title);
  const grid = s('g', { class: 'grid', 'aria-hidden': 'true' });
  y.values.forEach((v) => {
    grid.append(s('line', { x1: left, x2: width - right, y1: py(v), y2: py(v), stroke: '#d5dae1', 'stroke-width': 1 }));
    grid.append(s('text', { x: left - 6, y: py(v) + 4, 'text-anchor': 'end' }, format(v)));
  });
  const xTicks = [...new Set(xs)].sort((a, b) => a - b);
  const every = Math.max(1, Math.ceil(xTicks.length / 6));
  xTicks.forEach((x, i) => {
    if (i % every && i !== xTicks.length - 1) return;
    if (i === xTicks.length - 1 && i % every && xTicks.length > 1 && px(x) - px(xTicks[i - (i % every)]) < 60) return;
    // labels at the ends are anchored inside the chart so they are not cut off
    const at = px(x);
    const anchor = xTicks.length > 1 && at > width - right - 30 ? 'end' : xTicks.length > 1 && at < left + 20 ? 'start' : 'middle';
    grid.append(s('text', { x: anchor === 'end' ? width - right : at, y: height - bottom + 16, 'text-anchor': anchor }, showX(x)));
  });
  grid.append(s('line', { x1: left, x2: width - right, y1: py(y.min), y2: py(y.min), stroke: '#505a69', 'stroke-width': 1 }));
  grid.append(s('text', { x: left, y: height - 4, 'text-anchor': 'start', class: 'axis-label' }, xLabel));
  svg.append(grid);
  series.forEach((one, i) => {
    const colour = one.colour || COLOURS[i % COLOURS.length];
    const points = one.points.filter((p) => p.y !== null && p.y !== undefined);
    if (bars) {
      const slot = (width - left - right) / Math.max(1, xTicks.length);
      const barWidth = Math.max(2, Math.min(28, (slot * 0.7) / series.length));
      points.forEach((p) => {
        const x = px(+p.x) - (barWidth * series.length) / 2 + i * barWidth;
        svg.append(s('rect', { x, y: py(+p.y), width: barWidth, height: Math.max(0, py(y.min) - py(+p.y)), fill: colour }, s('title', {}, `${one.name}, ${showX(+p.x)}: ${format(p.y)}`)));
      });
      return;
    }
    // a break in the line where a point has no value
    let path = '';
    let pen = false;
    one.points.forEach((p) => {
      if (p.y === null || p.y === undefined) {
        pen = false;
        return;
      }
      path += `${pen ? 'L' : 'M'}${px(+p.x).toFixed(1)},${py(+p.y).toFixed(1)} `;
      pen = true;
    });
    svg.append(s('path', { d: path.trim(), fill: 'none', stroke: colour, 'stroke-width': 2, 'stroke-linejoin': 'round', 'stroke-dasharray': i % 2 ? '6 3' : null }));
    points.forEach((p) => svg.append(s('circle', { cx: px(+p.x), cy: py(+p.y), r: points.length > 40 ? 1.5 : 3, fill: colour }, s('title', {}, `${one.name}, ${showX(+p.x)}: ${format(p.y)}`))));
  });
  const headers = [xLabel, ...series.map((one) => one.name)];
  const rows = xTicks.map((x) => [showX(x), ...series.map((one) => {
    const p = one.points.find((q) => +q.x === x);
    return p && p.y !== null && p.y !== undefined ? format(p.y) : '—';
  })]);
  return figure(svg, title, hiddenTable(title, headers, rows), legendOf(series));
}

/** Horizontal bars, one per label: barChart({label, bars:[{label, value}], format}). */
export function barChart({ label = 'Bar chart', bars = [], format = plain, width = fitWidth(), colour = COLOURS[0] } = {}) {
  if (!bars.length || bars.every((b) => !Number(b.value))) return empty(label);
  const row = 26;
  const left = Math.min(200, 14 + 7 * Math.max(...bars.map((b) => String(b.label).length)));
  const right = 70;
  const height = bars.length * row + 8;
  const max = Math.max(...bars.map((b) => Number(b.value) || 0)) || 1;
  const svg = svgRoot(width, height, label);
  bars.forEach((b, i) => {
    const value = Number(b.value) || 0;
    const length = ((width - left - right) * value) / max;
    const y = 4 + i * row;
    svg.append(s('text', { x: left - 8, y: y + 16, 'text-anchor': 'end' }, String(b.label).length > 28 ? `${String(b.label).slice(0, 27)}…` : b.label));
    svg.append(s('rect', { x: left, y: y + 3, width: Math.max(value ? 2 : 0, length), height: row - 8, rx: 2, fill: b.colour || colour }, s('title', {}, `${b.label}: ${format(value)}`)));
    svg.append(s('text', { x: left + length + 6, y: y + 16, class: 'value' }, format(value)));
  });
  return figure(svg, label, hiddenTable(label, ['Category', 'Value'], bars.map((b) => [b.label, format(b.value)])));
}

/** Vertical columns over ordered bins: histogram({label, bins:[{label, count}], xLabel, yLabel}). */
export function histogram({ label = 'Histogram', bins = [], xLabel = 'Band', yLabel = 'Count', format = plain, width = fitWidth(), height = 220, colour = COLOURS[0] } = {}) {
  if (!bins.length || bins.every((b) => !Number(b.count))) return empty(label);
  const left = 48;
  const right = 10;
  const top = 14;
  const bottom = 40;
  const y = ticks(0, Math.max(...bins.map((b) => Number(b.count) || 0)));
  const slot = (width - left - right) / bins.length;
  const py = (v) => top + (1 - v / y.max) * (height - top - bottom);
  const svg = svgRoot(width, height, label);
  y.values.forEach((v) => {
    svg.append(s('line', { x1: left, x2: width - right, y1: py(v), y2: py(v), stroke: '#d5dae1', 'stroke-width': 1, 'aria-hidden': 'true' }));
    svg.append(s('text', { x: left - 6, y: py(v) + 4, 'text-anchor': 'end' }, format(v)));
  });
  bins.forEach((b, i) => {
    const count = Number(b.count) || 0;
    const x = left + i * slot;
    svg.append(s('rect', { x: x + 1, y: py(count), width: Math.max(1, slot - 2), height: py(0) - py(count), fill: colour }, s('title', {}, `${b.label}: ${format(count)}`)));
    svg.append(s('text', { x: x + slot / 2, y: height - bottom + 16, 'text-anchor': 'middle' }, b.label));
    if (count) svg.append(s('text', { x: x + slot / 2, y: py(count) - 3, 'text-anchor': 'middle', class: 'value' }, format(count)));
  });
  svg.append(s('text', { x: left, y: height - 4, class: 'axis-label' }, `${xLabel} · ${yLabel}`));
  return figure(svg, label, hiddenTable(label, [xLabel, yLabel], bins.map((b) => [b.label, format(b.count)])));
}

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A weekday × hour grid: heatmap({label, values: 7 rows (Monday first) of 24 counts}). */
export function heatmap({ label = 'Calls by weekday and hour', values = [], rows = WEEKDAYS, format = plain } = {}) {
  const cells = rows.map((_, r) => Array.from({ length: 24 }, (__, c) => Number((values[r] || [])[c]) || 0));
  const max = Math.max(0, ...cells.flat());
  if (!max) return empty(label);
  const left = 40;
  const top = 18;
  const size = Math.max(10, Math.min(26, Math.floor((fitWidth(680) - left - 4) / 24)));
  const width = left + 24 * size + 4;
  const height = top + rows.length * size + 4;
  const svg = svgRoot(width, height, label, 'chart heatmap');
  for (let c = 0; c < 24; c += size < 18 ? 6 : 3) svg.append(s('text', { x: left + c * size + size / 2, y: 12, 'text-anchor': 'middle' }, String(c).padStart(2, '0')));
  cells.forEach((row, r) => {
    svg.append(s('text', { x: left - 6, y: top + r * size + size / 2 + 4, 'text-anchor': 'end' }, rows[r]));
    row.forEach((value, c) => {
      // from the card's white through to the accent blue; empty cells keep a faint outline
      const t = value / max;
      const fill = value ? mix('#dbe4fb', '#14307f', t) : '#f6f7f9';
      svg.append(s('rect', { x: left + c * size + 1, y: top + r * size + 1, width: size - 2, height: size - 2, rx: 3, fill, stroke: '#d5dae1', 'stroke-width': value ? 0 : 1, 'data-weekday': r + 1, 'data-hour': c }, s('title', {}, `${rows[r]} ${String(c).padStart(2, '0')}:00: ${format(value)}`)));
      if (value && size >= 20) svg.append(s('text', { x: left + c * size + size / 2, y: top + r * size + size / 2 + 3, 'text-anchor': 'middle', class: t > 0.45 ? 'on-dark' : 'on-light' }, value > 999 ? '1k+' : format(value)));
    });
  });
  const headers = ['Weekday', ...Array.from({ length: 24 }, (_, c) => `${String(c).padStart(2, '0')}:00`)];
  return figure(svg, label, hiddenTable(label, headers, cells.map((row, r) => [rows[r], ...row.map(format)])));
}

function mix(from, to, t) {
  const a = from.match(/\w\w/g).map((x) => parseInt(x, 16));
  const b = to.match(/\w\w/g).map((x) => parseInt(x, 16));
  return `#${a.map((v, i) => Math.round(v + (b[i] - v) * t).toString(16).padStart(2, '0')).join('')}`;
}
