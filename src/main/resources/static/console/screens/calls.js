// The call history: every filter GET /api/calls takes, kept in the screen's URL (#/calls?status=completed&...),
// keyset pages (the API's nextCursor forwards; the cursors of the pages before are kept in `back` for going back)
// and a table whose rows open #/call/<id>.
import { api } from '../api.js';
import {
  companyZone, dateTime, duration, field, h, heading, onSubmit, problemBox, put, select, showProblem, table, zonedInstant,
} from '../ui.js';

export const STATUSES = ['initiated', 'ringing', 'in_progress', 'completed', 'busy', 'no_answer', 'failed', 'canceled', 'refused'];
export const OUTCOMES = ['resolved', 'escalated', 'abandoned', 'voicemail', 'failed', 'unresolved'];
const DIRECTIONS = ['inbound', 'outbound'];
/** What the screen keeps in its URL; `from` and `to` are dates (yyyy-mm-dd) in the company's zone. */
const KEPT = ['from', 'to', 'status', 'outcome', 'direction', 'channel', 'caller', 'escalated', 'hasRecording', 'q', 'limit'];
const FIRST_PAGE = '0';

export const words = (value) => (value ? String(value).replace(/_/g, ' ') : '—');

export function statusBadge(status) {
  const kind = { completed: 'ok', in_progress: 'warn', ringing: 'warn', initiated: 'warn', failed: 'bad', busy: 'bad', no_answer: 'bad', canceled: 'bad', refused: 'bad' }[status] || '';
  return h('span', { class: `badge ${kind}`, dataset: { status } }, words(status));
}

export function outcomeBadge(outcome) {
  if (!outcome) return '—';
  const kind = { resolved: 'ok', escalated: 'warn', unresolved: 'warn', abandoned: 'bad', failed: 'bad' }[outcome] || '';
  return h('span', { class: `badge ${kind}`, dataset: { outcome } }, words(outcome));
}

function nextDay(date) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The API's query for the screen's URL query: dates become instants in the company's zone. */
export function apiQuery(query) {
  const out = {};
  KEPT.forEach((key) => {
    const value = query.get(key);
    if (value) out[key] = value;
  });
  if (out.from && /^\d{4}-\d{2}-\d{2}$/.test(out.from)) out.from = zonedInstant(out.from);
  if (out.to && /^\d{4}-\d{2}-\d{2}$/.test(out.to)) out.to = zonedInstant(nextDay(out.to));
  if (query.get('cursor')) out.cursor = query.get('cursor');
  return out;
}

/** The screen's URL for a form's values (the first page). */
function queryOf(data) {
  const query = new URLSearchParams();
  KEPT.forEach((key) => {
    const values = data.getAll(key).map(String).filter(Boolean);
    if (values.length) query.set(key, values.join(','));
  });
  if (query.get('limit') === '25') query.delete('limit');
  return query;
}

function link(query) {
  const text = query.toString();
  return `#/calls${text ? `?${text}` : ''}`;
}

function checks(name, legend, values, chosen) {
  const picked = new Set((chosen || '').split(',').filter(Boolean));
  return h(
    'div',
    { class: 'field', dataset: { field: name } },
    h(
      'fieldset',
      { class: 'checks', 'aria-describedby': `${name}-error` },
      h('legend', {}, legend),
      values.map((value) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name, value, checked: picked.has(value) }), words(value))),
    ),
    h('small', { class: 'field-error', id: `${name}-error`, hidden: true }),
  );
}

function filterForm(query, withChannel) {
  const yesNo = (name, value) => select(name, [['', 'Either'], ['true', 'Yes'], ['false', 'No']], value);
  const form = h(
    'form',
    { class: 'card filters', id: 'call-filters', 'aria-label': 'Filter calls', novalidate: true, role: 'search' },
    h(
      'div',
      { class: 'filter-grid' },
      field('From (date)', { name: 'from', type: 'date', value: query.get('from') || '' }),
      field('To (date)', { name: 'to', type: 'date', value: query.get('to') || '' }),
      field('Words said', { name: 'q', type: 'search', value: query.get('q') || '', maxlength: '200', placeholder: 'e.g. refund' }),
      field('Caller number', { name: 'caller', type: 'tel', value: query.get('caller') || '', inputmode: 'tel', placeholder: '+919845012345' }),
      field('Direction', select('direction', [['', 'Any'], ...DIRECTIONS.map((d) => [d, words(d)])], query.get('direction'))),
      withChannel ? field('Channel', select('channel', [['', 'Any'], ['phone', 'Phone'], ['web', 'Web']], query.get('channel'))) : null,
      field('Escalated', yesNo('escalated', query.get('escalated'))),
      field('Has recording', yesNo('hasRecording', query.get('hasRecording'))),
      field('Per page', select('limit', [['25', '25'], ['50', '50'], ['100', '100']], query.get('limit') || '25')),
    ),
    h('div', { class: 'filter-checks' }, checks('status', 'Status', STATUSES, query.get('status')), checks('outcome', 'Outcome', OUTCOMES, query.get('outcome'))),
    h('p', { class: 'hint' }, `Dates are whole days in ${companyZone()}; the To date is included.`),
    h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Apply filters'), h('a', { href: '#/calls', class: 'button secondary', id: 'clear-filters' }, 'Clear')),
  );
  return form;
}

/** A 400 naming a query parameter (`parameter`) as a field error, so the form shows it beside that field. */
export function asFieldProblem(problem) {
  if (problem && problem.status === 400 && !(problem.errors || []).length && problem.body && problem.body.parameter) {
    problem.errors = [{ field: problem.body.parameter, message: problem.detail.replace(/^'[^']+' /, '') }];
  }
  return problem;
}

function rowsOf(items, withChannel) {
  return items.map((call) => [
    h('a', { href: `#/call/${encodeURIComponent(call.id)}`, class: 'call-link', dataset: { callId: call.id } }, dateTime(call.startedAt)),
    h('span', { class: 'mono' }, call.from || '—'),
    h('span', { class: 'mono' }, call.to || '—'),
    words(call.direction),
    withChannel ? words(call.channel) : null,
    statusBadge(call.status),
    outcomeBadge(call.outcome),
    words(call.intent),
    words(call.sentiment),
    call.durationSeconds === null || call.durationSeconds === undefined ? '—' : duration(call.durationSeconds),
    call.escalated ? h('span', { class: 'badge warn' }, 'Escalated') : 'No',
    call.hasRecording ? 'Yes' : 'No',
  ].filter((cell) => cell !== null));
}

export async function render(main, ctx) {
  const { query, signal } = ctx;
  const results = h('div', { id: 'call-results', 'aria-live': 'polite' });
  let form = filterForm(query, query.has('channel'));
  put(main, heading('Calls', h('span', { class: 'muted', id: 'call-count' })), form, results);

  const show = (page, shown) => {
    const withChannel = page.items.some((call) => call.channel !== undefined);
    if (withChannel && !form.querySelector('[name="channel"]')) {
      const fresh = filterForm(shown, true);
      form.replaceWith(fresh);
      form = fresh;
      wire();
    }
    const headers = ['Started', 'From', 'To', 'Direction', withChannel ? 'Channel' : null, 'Status', 'Outcome', 'Intent', 'Sentiment', 'Duration', 'Escalated', 'Recording'].filter(Boolean);
    const filtered = KEPT.some((key) => shown.get(key) && key !== 'limit');
    const list = page.items.length
      ? table('Call history, newest first', headers, rowsOf(page.items, withChannel), { class: 'calls-table' })
      : h(
        'div',
        { class: 'card empty-state', id: 'calls-empty', role: 'status' },
        h('p', {}, filtered ? 'No calls match these filters.' : 'No calls yet.'),
        h('p', { class: 'muted' }, filtered ? 'Try a wider date range, fewer filters, or clear them.' : 'Calls appear here as soon as your agent answers one. Try a test call to see one.'),
      );
    list.querySelectorAll('tbody tr').forEach((tr, i) => {
      if (page.items[i]) tr.dataset.callId = page.items[i].id;
    });

    const back = (shown.get('back') || '').split('.').filter(Boolean);
    const older = new URLSearchParams(shown);
    const newer = new URLSearchParams(shown);
    if (page.nextCursor) {
      older.set('cursor', page.nextCursor);
      older.set('back', [...back, shown.get('cursor') || FIRST_PAGE].join('.'));
    }
    if (back.length) {
      const previous = back[back.length - 1];
      if (previous === FIRST_PAGE) newer.delete('cursor');
      else newer.set('cursor', previous);
      if (back.length > 1) newer.set('back', back.slice(0, -1).join('.'));
      else newer.delete('back');
    }
    const pager = h(
      'nav',
      { class: 'pager row', 'aria-label': 'Pages of calls' },
      back.length ? h('a', { href: link(newer), class: 'button secondary', id: 'calls-newer', rel: 'prev' }, '← Newer calls') : null,
      h('span', { class: 'muted', id: 'calls-page' }, `Page ${back.length + 1}`),
      page.nextCursor ? h('a', { href: link(older), class: 'button secondary', id: 'calls-older', rel: 'next' }, 'Older calls →') : null,
    );
    document.getElementById('call-count').textContent = page.items.length ? `${page.items.length} ${page.items.length === 1 ? 'call' : 'calls'} on this page` : '';
    put(results, list, page.items.length || back.length ? pager : null);
  };

  const load = (shown) => api('/api/calls', { query: apiQuery(shown), signal });

  function wire() {
    onSubmit(form, async (data) => {
      const next = queryOf(data);
      try {
        const page = await load(next);
        // the filters are in the URL so back, forward and reload show the same list; no hashchange, no second load
        const target = link(next);
        if (location.hash !== target) history.pushState(null, '', target);
        show(page, next);
      } catch (problem) {
        throw asFieldProblem(problem);
      }
    });
  }
  wire();

  try {
    show(await load(query), query);
  } catch (problem) {
    if (problem.name === 'AbortError') return;
    asFieldProblem(problem);
    if (problem.errors && problem.errors.length) showProblem(form, problem);
    else put(results, problemBox(problem));
  }
}
