// Small DOM helpers shared by the screens: elements, forms with their problems, notices and formatting.
import { ApiProblem } from './api.js';

/** h('p', {class: 'x', onclick: fn}, 'text', child, [more]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([key, value]) => {
    if (value === undefined || value === null || value === false) return;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'text') el.textContent = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  });
  append(el, children);
  return el;
}

function append(el, children) {
  children.flat(Infinity).forEach((child) => {
    if (child === undefined || child === null || child === false) return;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  });
}

/** Replaces an element's content. */
export function put(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let fieldIds = 0;

/** A labelled field; `input` is an element or an attributes object for an <input>. */
export function field(label, input, hint) {
  const control = input instanceof Node ? input : h('input', input);
  const id = control.id || `f${++fieldIds}`;
  control.id = id;
  const hintEl = hint ? h('small', { class: 'hint', id: `${id}-hint` }, hint) : null;
  const error = h('small', { class: 'field-error', id: `${id}-error`, hidden: true });
  control.setAttribute('aria-describedby', [hintEl && hintEl.id, error.id].filter(Boolean).join(' '));
  return h('div', { class: 'field', dataset: { field: control.name || '' } }, h('label', { for: id }, label), control, hintEl, error);
}

export function select(name, options, value) {
  return h(
    'select',
    { name },
    options.map(([v, text]) => h('option', { value: v, selected: String(v) === String(value ?? '') }, text)),
  );
}

export function clearProblems(form) {
  form.querySelectorAll('.field-error').forEach((el) => {
    el.hidden = true;
    el.textContent = '';
  });
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  const summary = form.querySelector('.form-error');
  if (summary) {
    summary.hidden = true;
    summary.textContent = '';
  }
}

/** The field a problem's error names: exact, then its leading part (`backchannels.hi[1]` -> `backchannels.hi`, `backchannels`). */
function fieldFor(form, name) {
  let candidate = name;
  while (candidate) {
    const found = form.querySelector(`.field[data-field="${CSS.escape(candidate)}"]`);
    if (found) return found;
    const cut = Math.max(candidate.lastIndexOf('.'), candidate.lastIndexOf('['));
    candidate = cut > 0 ? candidate.slice(0, cut) : '';
  }
  return null;
}

/** Shows a problem on a form: each field error beside its field, the rest in the form's summary. */
export function showProblem(form, problem) {
  clearProblems(form);
  const rest = [];
  let first = null;
  (problem.errors || []).forEach((error) => {
    const target = fieldFor(form, error.field || '');
    if (!target) {
      rest.push(`${error.field}: ${error.message}`);
      return;
    }
    const message = target.querySelector('.field-error');
    message.hidden = false;
    message.textContent = message.textContent ? `${message.textContent}; ${error.message}` : error.message;
    const control = target.querySelector('input, select, textarea');
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      first = first || control;
    }
  });
  let summary = form.querySelector('.form-error');
  if (!summary) {
    summary = h('div', { class: 'form-error', role: 'alert' });
    form.prepend(summary);
  }
  const text = problem.errors && problem.errors.length && !rest.length ? '' : describe(problem, rest);
  summary.hidden = !text;
  summary.textContent = text;
  (first || (text ? summary : null))?.focus?.();
}

/** A problem in words a person can act on, with any wait the API asked for. */
export function describe(problem, extra = []) {
  if (!(problem instanceof ApiProblem)) return String(problem && problem.message ? problem.message : problem);
  let text = problem.detail || problem.title;
  if (problem.status === 429) {
    const wait = problem.retryAfter ?? problem.body.retryAfterSeconds;
    text = `${problem.detail || 'Too many requests.'}${wait ? ` You can try again in ${duration(wait)}.` : ''}`;
  }
  return [text, ...extra].filter(Boolean).join(' ');
}

export function duration(seconds) {
  const s = Math.max(0, Math.round(Number(seconds) || 0));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** Submits a form: disables it while busy, shows its problem, returns the handler's result or undefined. */
export function onSubmit(form, handler) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblems(form);
    const buttons = form.querySelectorAll('button');
    buttons.forEach((b) => (b.disabled = true));
    form.setAttribute('aria-busy', 'true');
    try {
      await handler(new FormData(form), form);
    } catch (problem) {
      if (problem && problem.name === 'AbortError') return;
      showProblem(form, problem instanceof ApiProblem ? problem : new ApiProblem(0, { detail: String(problem.message || problem) }));
    } finally {
      buttons.forEach((b) => (b.disabled = false));
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}

let noticeTimer = null;

/** A short message in the page's live region. */
export function notify(text, kind = 'ok') {
  const el = document.getElementById('notice');
  el.className = `notice ${kind}`;
  el.textContent = text;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => {
    el.textContent = '';
    el.className = 'notice';
  }, 6000);
}

/** A problem shown in a screen's own error box rather than on a form. */
export function problemBox(problem) {
  return h('div', { class: 'form-error', role: 'alert' }, describe(problem));
}

export function copyButton(text, label = 'Copy') {
  const button = h('button', { type: 'button', class: 'secondary small', 'aria-label': `${label}: ${text}` }, label);
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      notify('Copied');
    } catch (e) {
      const range = document.createRange();
      range.selectNodeContents(button.previousElementSibling || button);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      notify('Press Ctrl+C to copy', 'warn');
    }
  });
  return button;
}

let zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The company's time zone: dates are shown and picked in it. */
export function setZone(value) {
  if (value) zone = value;
}

export function companyZone() {
  return zone;
}

export function dateTime(value) {
  if (!value) return '—';
  return new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(new Date(value));
}

export function dateOnly(value) {
  if (!value) return '—';
  return new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeZone: zone }).format(new Date(value));
}

/** The UTC instant of a wall-clock time (`2026-12-01T09:30` or `2026-12-01`) in the company's zone. */
export function zonedInstant(local) {
  if (!local) return null;
  const text = local.length === 10 ? `${local}T00:00` : local;
  const guess = new Date(`${text}:00Z`);
  const offset = (at) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).formatToParts(at).reduce((all, p) => ({ ...all, [p.type]: p.value }), {});
    const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    return asUtc - at.getTime();
  };
  const first = new Date(guess.getTime() - offset(guess));
  return new Date(guess.getTime() - offset(first)).toISOString();
}

/** Today's date (yyyy-mm-dd) in the company's zone, moved by `days`. */
export function zonedDate(days = 0) {
  const at = new Date(Date.now() + days * 86400000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function money(amount, currency = 'INR') {
  if (amount === null || amount === undefined) return '—';
  return new Intl.NumberFormat('en-IN', { style: 'currency', currency, maximumFractionDigits: 2 }).format(Number(amount));
}

export function number(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '—';
  return new Intl.NumberFormat('en-IN', { maximumFractionDigits: digits }).format(Number(value));
}

export function percent(value) {
  if (value === null || value === undefined) return '—';
  return `${number(Number(value) * 100, 1)} %`;
}

/** A table with a caption; rows are arrays of cells (nodes or text). */
export function table(caption, headers, rows, options = {}) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: options.class || '' },
      h('caption', { class: options.hideCaption ? 'visually-hidden' : '' }, caption),
      h('thead', {}, h('tr', {}, headers.map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', {}, rows.length ? rows.map((row) => h('tr', {}, row.map((cell) => h('td', {}, cell)))) : h('tr', {}, h('td', { colspan: headers.length, class: 'muted' }, options.empty || 'Nothing yet'))),
    ),
  );
}

export function heading(title, ...rest) {
  return h('div', { class: 'screen-head' }, h('h1', { tabindex: '-1' }, title), ...rest);
}
