// Analytics (#/analytics?period=30 or ?period=custom&from=2026-11-01&to=2026-11-30): the dashboard's KPIs against
// the period just before (the API returns both), and the comprehensive report's charts, all in the company's zone.
import { api } from '../api.js';
import { barChart, heatmap, histogram, lineChart } from '../charts.js';
import {
  companyZone, dateTime, duration, field, h, heading, money, number, onSubmit, percent, problemBox, put, select, showProblem, table, zonedDate,
} from '../ui.js';
import { asFieldProblem, words } from './calls.js';

const PRESETS = { 7: 'Last 7 days', 30: 'Last 30 days', 90: 'Last 90 days' };
const DURATION_BANDS = ['0-30s', '30-60s', '1-2m', '2-5m', '5-10m', '10m+'];

/**
 * The API's period for the screen's query. A preset is the rolling window ending now (as the API's own default),
 * so its previous period is equally long; custom dates are whole days in the company's zone, `to` included.
 */
export function periodOf(query) {
  const period = query.get('period') || '30';
  const tz = companyZone();
  if (period === 'custom') {
    return { period, from: query.get('from') || zonedDate(-29), to: query.get('to') || zonedDate(0), tz };
  }
  const days = PRESETS[period] ? Number(period) : 30;
  const to = new Date();
  const from = new Date(to.getTime() - days * 86400000);
  return { period: String(days), from: from.toISOString(), to: to.toISOString(), tz, days };
}

function granularityOf(query, period) {
  const asked = query.get('granularity');
  if (asked) return asked;
  return period.days === 90 ? 'week' : 'day';
}

/** How far a KPI moved, and whether that is for the better. */
const KPIS = [
  { key: 'calls', name: 'Calls', value: (d) => d.calls, show: (v) => number(v), better: 'up' },
  { key: 'answered', name: 'Answered', value: (d) => d.answered, show: (v) => number(v), better: 'up' },
  { key: 'resolvedByAgent', name: 'Resolved by the agent', value: (d) => d.resolvedByAgent, show: (v) => number(v), better: 'up' },
  { key: 'escalationRate', name: 'Escalation rate', value: (d) => d.escalationRate, show: percent, better: 'down', rate: true },
  { key: 'abandonmentRate', name: 'Abandonment rate', value: (d) => d.abandonmentRate, show: percent, better: 'down', rate: true },
  { key: 'averageDurationSeconds', name: 'Average duration', value: (d) => d.averageDurationSeconds, show: (v) => (v === null || v === undefined ? '—' : duration(v)), better: null },
  { key: 'medianDurationSeconds', name: 'Median duration', value: (d) => d.medianDurationSeconds, show: (v) => (v === null || v === undefined ? '—' : duration(v)), better: null },
  { key: 'totalMinutes', name: 'Minutes', value: (d) => d.totalMinutes, show: (v) => number(v, 1), better: null },
  { key: 'cost', name: 'Cost', value: (d) => d.cost && d.cost.total, show: (v, d) => money(v, d.cost && d.cost.currency), better: null },
  { key: 'costPerResolvedCall', name: 'Cost per resolved call', value: (d) => d.costPerResolvedCall, show: (v, d) => money(v, d.cost && d.cost.currency), better: 'down' },
  { key: 'returnsFiled', name: 'Returns filed', value: (d) => d.returnsFiled, show: (v) => number(v), better: null },
  { key: 'voiceToVoiceP50Ms', name: 'Voice-to-voice p50', value: (d) => d.voiceToVoiceP50Ms, show: (v) => (v === null || v === undefined ? '—' : `${number(v)} ms`), better: 'down' },
  { key: 'voiceToVoiceP95Ms', name: 'Voice-to-voice p95', value: (d) => d.voiceToVoiceP95Ms, show: (v) => (v === null || v === undefined ? '—' : `${number(v)} ms`), better: 'down' },
];

/** {direction: up|down|flat|none, text} for a value against its previous one. */
export function delta(now, before, { rate = false, against }) {
  const n = now === null || now === undefined ? null : Number(now);
  const b = before === null || before === undefined ? null : Number(before);
  if (n === null || b === null) return { direction: 'none', text: `no comparison with ${against}` };
  if (rate) {
    const points = (n - b) * 100;
    if (Math.abs(points) < 0.05) return { direction: 'flat', text: `no change vs ${against}` };
    return { direction: points > 0 ? 'up' : 'down', text: `${points > 0 ? '+' : '−'}${number(Math.abs(points), 1)} pts vs ${against}`, change: points / 100 };
  }
  if (b === 0) {
    if (n === 0) return { direction: 'flat', text: `no change vs ${against}` };
    return { direction: 'up', text: `up from none in ${against}` };
  }
  const change = (n - b) / Math.abs(b);
  if (Math.abs(change) < 0.0005) return { direction: 'flat', text: `no change vs ${against}` };
  return { direction: change > 0 ? 'up' : 'down', text: `${change > 0 ? '+' : '−'}${number(Math.abs(change) * 100, Math.abs(change) < 0.1 ? 1 : 0)} % vs ${against}`, change };
}

function kpiCard(kpi, current, previous, against) {
  const now = kpi.value(current);
  const before = kpi.value(previous);
  const moved = delta(now, before, { rate: kpi.rate, against });
  const judged = !kpi.better || moved.direction === 'none' || moved.direction === 'flat' ? 'neutral' : moved.direction === kpi.better ? 'better' : 'worse';
  const arrow = { up: '▲', down: '▼', flat: '▬', none: '' }[moved.direction];
  return h(
    'div',
    { class: 'card kpi-card', dataset: { kpi: kpi.key } },
    h('h3', { class: 'kpi-name' }, kpi.name),
    h('p', { class: 'kpi', dataset: { value: now ?? '' } }, kpi.show(now, current)),
    h(
      'p',
      { class: `delta ${moved.direction} ${judged}`, dataset: { direction: moved.direction, previous: before ?? '' } },
      arrow ? h('span', { 'aria-hidden': 'true', class: 'arrow' }, `${arrow} `) : null,
      h('span', { class: 'visually-hidden' }, moved.direction === 'up' ? 'Up: ' : moved.direction === 'down' ? 'Down: ' : ''),
      moved.text,
    ),
    h('p', { class: 'hint' }, `Previous: ${kpi.show(before, previous)}`),
  );
}

function pickerForm(query) {
  const asked = query.get('period') || '30';
  const period = PRESETS[asked] || asked === 'custom' ? asked : '30';
  const custom = period === 'custom';
  const periodSelect = select('period', [...Object.entries(PRESETS), ['custom', 'Custom dates']], period);
  const from = field('From', { name: 'from', type: 'date', value: query.get('from') || zonedDate(-29) });
  const to = field('To (inclusive)', { name: 'to', type: 'date', value: query.get('to') || zonedDate(0) });
  const dates = h('div', { class: 'period-dates row', id: 'period-dates', hidden: !custom }, from, to);
  const form = h(
    'form',
    { class: 'card period-picker', id: 'period-picker', 'aria-label': 'Period', novalidate: true },
    h(
      'div',
      { class: 'row' },
      field('Period', periodSelect),
      dates,
      field('Steps', select('granularity', [['', 'Automatic'], ['hour', 'Hours'], ['day', 'Days'], ['week', 'Weeks']], query.get('granularity') || ''), 'Hours cover at most 31 days.'),
      h('button', { type: 'submit' }, 'Show'),
    ),
    h('p', { class: 'hint' }, `Times are in ${companyZone()}.`),
  );
  periodSelect.addEventListener('change', () => {
    const isCustom = periodSelect.value === 'custom';
    dates.hidden = !isCustom;
    if (!isCustom) form.requestSubmit();
  });
  return form;
}

function queryOf(data) {
  const query = new URLSearchParams();
  const period = data.get('period') || '30';
  query.set('period', period);
  if (period === 'custom') {
    if (data.get('from')) query.set('from', data.get('from'));
    if (data.get('to')) query.set('to', data.get('to'));
  }
  if (data.get('granularity')) query.set('granularity', data.get('granularity'));
  return query;
}

function describePeriod(period) {
  if (period.period === 'custom') return `${period.from} to ${period.to}`;
  return PRESETS[period.period].replace(/^Last/, 'the last');
}

function againstText(period) {
  return period.period === 'custom' ? 'the previous period' : `previous ${period.days} days`;
}

/** [from, to) as days in the zone, `to` excluded. */
function range(from, to, zone) {
  const format = new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeZone: zone });
  return format.formatRange(new Date(from), new Date(Date.parse(to) - 1));
}

function stepFormat(granularity) {
  const zone = companyZone();
  const options = granularity === 'hour' ? { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : { day: 'numeric', month: 'short' };
  const format = new Intl.DateTimeFormat('en-IN', { ...options, timeZone: zone });
  return (x) => (granularity === 'week' ? `wk ${format.format(new Date(x))}` : format.format(new Date(x)));
}

/** Charts sit two to a row on a wide screen, one on a narrow one. */
function chartWidth() {
  const main = document.getElementById('main');
  const width = main ? main.clientWidth : 720;
  return Math.round(Math.max(300, width >= 1000 ? (width - 40) / 2 - 60 : width - 80));
}

function section(id, title, ...content) {
  return h('section', { class: 'card chart-card', id, 'aria-labelledby': `${id}-title` }, h('h3', { id: `${id}-title` }, title), ...content);
}

function charts(report) {
  const width = chartWidth();
  const x = stepFormat(report.granularity);
  const points = (pick) => report.series.map((p) => ({ x: Date.parse(p.start), y: pick(p) }));
  const callsOverTime = lineChart({
    width,
    label: `Calls per ${report.granularity}`,
    xLabel: report.granularity === 'hour' ? 'Hour' : report.granularity === 'week' ? 'Week' : 'Day',
    yLabel: 'Calls',
    xFormat: x,
    format: (v) => number(v),
    bars: report.series.length <= 14,
    series: [
      { name: 'Calls', points: points((p) => p.calls) },
      { name: 'Resolved by the agent', points: points((p) => p.resolvedByAgent) },
      { name: 'Escalated', points: points((p) => p.escalated) },
    ],
  });
  const latency = lineChart({
    width,
    label: `Voice-to-voice latency per ${report.granularity}, p50 and p95`,
    xLabel: report.granularity === 'hour' ? 'Hour' : report.granularity === 'week' ? 'Week' : 'Day',
    yLabel: 'ms',
    xFormat: x,
    format: (v) => `${number(v)} ms`,
    series: [
      { name: 'p50', points: points((p) => p.voiceToVoiceP50Ms) },
      { name: 'p95', points: points((p) => p.voiceToVoiceP95Ms) },
    ],
  });
  const counts = (list) => (list || []).map((c) => ({ label: words(c.key), value: c.count }));
  const bands = DURATION_BANDS.map((band) => ({ label: band, count: ((report.durations || []).find((d) => d.key === band) || {}).count || 0 }));
  (report.durations || []).forEach((d) => {
    if (!DURATION_BANDS.includes(d.key)) bands.push({ label: d.key, count: d.count });
  });
  const tools = table(
    'Tools the agent used',
    ['Tool', 'Calls', 'Failures', 'Average time'],
    (report.tools || []).map((t) => [h('code', {}, t.tool), number(t.calls), number(t.failures), `${number(t.averageMs)} ms`]),
    { empty: 'No tool calls in this period.', hideCaption: true },
  );
  return h(
    'div',
    { class: 'chart-grid' },
    section('chart-calls', 'Calls over time', callsOverTime),
    section('chart-latency', 'Latency over time', latency),
    section('chart-outcomes', 'Outcomes', barChart({ width, label: 'Calls by outcome', bars: counts(report.outcomes), format: (v) => number(v) })),
    section('chart-intents', 'Intents', barChart({ width, label: 'Calls by intent', bars: counts(report.intents), format: (v) => number(v) })),
    section('chart-sentiment', 'Sentiment', barChart({ width, label: 'Calls by caller sentiment', bars: counts(report.sentiment), format: (v) => number(v) })),
    section('chart-durations', 'Call durations', histogram({ width, label: 'Calls by duration', bins: bands, xLabel: 'Duration', yLabel: 'Calls', format: (v) => number(v) })),
    section('chart-heatmap', 'When calls come in', heatmap({ label: `Calls by weekday and hour (${report.timeZone})`, values: report.heatMap || [], format: (v) => number(v) })),
    section('chart-escalations', 'Escalation reasons', barChart({ width, label: 'Escalations by reason', bars: counts(report.escalationReasons), format: (v) => number(v) })),
    section('chart-tools', 'Tools', tools),
  );
}

/** Simultaneous calls: the company's limit, the calls live now, the period's peak and the calls refused over it. */
function concurrencyCard(c) {
  const fact = (key, label, value) => [h('dt', {}, label), h('dd', { dataset: { fact: key } }, value)];
  return h(
    'section',
    { class: 'card', id: 'concurrency', 'aria-labelledby': 'concurrency-title' },
    h('h3', { id: 'concurrency-title' }, 'Simultaneous calls'),
    h(
      'dl',
      { class: 'facts' },
      fact('limit', 'Limit', `${number(c.limit)}${c.limit === c.defaultLimit ? ' (the default)' : ''}`),
      fact('live', 'Live now', number(c.live)),
      fact('peak', 'Peak in the period', c.peak && c.peak.at ? `${number(c.peak.count)} at ${dateTime(c.peak.at)}` : number(c.peak ? c.peak.count : 0)),
      fact('refusals', 'Refused over the limit', number(c.refusals)),
    ),
    c.refusals > 0 ? h('p', { class: 'hint' }, 'Refused calls went to the flow\'s fallback branch. Ask us to raise the limit if this happens at busy hours.') : null,
  );
}

export async function render(main, { query, signal }) {
  const form = pickerForm(query);
  const kpis = h('section', { id: 'kpis', 'aria-labelledby': 'kpis-title' });
  const reportBox = h('section', { id: 'report', 'aria-labelledby': 'report-title' });
  put(main, heading('Analytics'), form, kpis, reportBox);

  const load = async (shown) => {
    const period = periodOf(shown);
    const params = { from: period.from, to: period.to, tz: period.tz };
    // the concurrency figures count whole days in the company's zone
    const days = period.days
      ? { from: zonedDate(-(period.days - 1)), to: zonedDate(0) }
      : { from: String(period.from).slice(0, 10), to: String(period.to).slice(0, 10) };
    const [dashboard, report, concurrency] = await Promise.all([
      api('/api/analytics/dashboard', { query: params, signal }),
      api('/api/analytics/comprehensive', { query: { ...params, granularity: granularityOf(shown, period) }, signal }),
      api('/api/calls/concurrency', { query: days, signal }),
    ]);
    return { period, dashboard, report, concurrency };
  };

  const show = ({ period, dashboard, report, concurrency }) => {
    const against = againstText(period);
    put(
      kpis,
      h('h2', { id: 'kpis-title' }, `Key figures for ${describePeriod(period)}`),
      h('p', { class: 'muted', id: 'kpi-previous' }, `Each against ${against}: ${range(dashboard.previousPeriod.from, dashboard.previousPeriod.to, period.tz)}.`),
      h('div', { class: 'kpi-grid' }, KPIS.map((kpi) => kpiCard(kpi, dashboard.current, dashboard.previousPeriod.figures, against))),
    );
    kpis.append(concurrencyCard(concurrency));
    put(reportBox, h('h2', { id: 'report-title' }, 'Report'), charts(report));
  };

  onSubmit(form, async (data) => {
    const next = queryOf(data);
    try {
      const result = await load(next);
      const target = `#/analytics?${next}`;
      if (location.hash !== target) history.pushState(null, '', target);
      show(result);
    } catch (problem) {
      throw asFieldProblem(problem);
    }
  });

  try {
    show(await load(query));
  } catch (problem) {
    if (problem.name === 'AbortError') return;
    asFieldProblem(problem);
    if (problem.errors && problem.errors.length) showProblem(form, problem);
    else put(kpis, problemBox(problem));
  }
}
