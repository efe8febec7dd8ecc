// The calls in progress now, each with its transcript as it grows, from GET /api/calls/live and the event stream
// /api/calls/live/events (call.started, transcript, call.escalated, call.ended). At every (re)connection the list
// is read again, and merged with what the stream already brought, so nothing missed while away stays missing.
// A member can hand a call to a person (POST /api/calls/escalate). New calls are announced politely. An escalated
// call shows its hand-off brief: from the list (so a screen opened or reconnected after the escalation has it), then
// from the call.escalated event.
import { api } from '../api.js';
import { briefEl } from '../brief.js';
import { streamEvents } from '../sse.js';
import { dateTime, field, h, heading, notify, onSubmit, put, select } from '../ui.js';

/** How long an ended call stays on the screen, greyed, before it goes. */
const ENDED_KEEP_MS = 20000;

const SPEAKERS = { caller: 'Caller', agent: 'Agent', human: 'Person', system: 'System' };
const AGENT_STATES = {
  waiting: ['Ringing', 'warn'],
  talking: ['Agent on the line', 'ok'],
  handed_off: ['Handed to a person', 'warn'],
  ended: ['Agent left the line', ''],
};

function time(value) {
  if (!value) return '';
  return dateTime(value);
}

export async function render(main, ctx) {
  const { signal } = ctx;
  /** callId -> {call, lines: Map(sequence -> line), el, parts, ended, timer} */
  const calls = new Map();
  const list = h('ul', { class: 'live-calls', id: 'live-calls', 'aria-label': 'Calls in progress', tabindex: '-1' });
  const empty = h('p', { class: 'muted card', id: 'live-empty' }, 'No calls in progress right now. New calls appear here as they start.');
  const connection = h('span', { class: 'badge', id: 'live-connection', role: 'status' }, 'Connecting…');
  const announcer = h('div', { class: 'visually-hidden', id: 'live-announcer', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const problemSlot = h('div', { id: 'live-problem' });

  put(
    main,
    heading('Live calls', connection),
    h('p', { class: 'muted' }, 'Calls the agent is taking now, with what is said as it is said. Hand a call to a person when it needs one.'),
    announcer,
    problemSlot,
    empty,
    list,
  );

  const announce = (text) => {
    announcer.textContent = '';
    // a fresh text node after a tick, so a repeated message is read again
    setTimeout(() => {
      announcer.textContent = text;
    }, 50);
  };

  const who = (call) => call.from || (call.channel === 'web' ? 'the browser (a test call)' : 'an unknown number');

  function syncEmpty() {
    empty.hidden = calls.size > 0;
  }

  function stateBadge(entry) {
    if (entry.ended) return ['Ended', ''];
    return AGENT_STATES[entry.call.agentState] || [entry.call.agentState || 'In progress', ''];
  }

  function drawHead(entry) {
    const { call } = entry;
    const [label, kind] = stateBadge(entry);
    put(
      entry.parts.head,
      h('h2', { class: 'live-title' }, call.direction === 'outbound' ? `To ${call.to || 'unknown'}` : `From ${who(call)}`),
      h('span', { class: `badge ${kind}`.trim(), dataset: { state: entry.ended ? 'ended' : call.agentState } }, label),
      call.escalated ? h('span', { class: 'badge warn', dataset: { escalated: 'true' } }, 'Escalated') : null,
      h('span', { class: 'muted small-text' }, call.direction === 'outbound' ? 'Outbound' : `To ${call.to || '—'}`, ` · started ${time(call.startedAt)}`),
      h('a', { href: `#/call/${encodeURIComponent(call.id)}`, class: 'call-link' }, 'Open the call'),
    );
  }

  function lineEl(line) {
    return h(
      'li',
      { class: line.speaker === 'agent' ? 'agent' : line.speaker, dataset: { sequence: line.sequence, speaker: line.speaker } },
      h('span', { class: 'who-said' }, `${SPEAKERS[line.speaker] || line.speaker}:`),
      line.text,
      line.interrupted ? h('span', { class: 'muted' }, ' (interrupted)') : null,
      line.truncated ? h('span', { class: 'muted' }, ' …') : null,
    );
  }

  function drawTranscript(entry) {
    const box = entry.parts.transcript;
    const stick = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    const lines = [...entry.lines.values()].sort((a, b) => a.sequence - b.sequence);
    put(box, lines.length ? lines.map(lineEl) : h('li', { class: 'muted waiting' }, 'Nothing said yet.'));
    if (stick) box.scrollTop = box.scrollHeight;
  }

  function addLine(entry, line) {
    const box = entry.parts.transcript;
    const known = entry.lines.get(line.sequence);
    // a line cut to fit a notification never replaces the whole one the list gave
    if (known && !known.truncated) return;
    entry.lines.set(line.sequence, line);
    const last = [...entry.lines.keys()].reduce((a, b) => Math.max(a, b), -Infinity);
    if (!known && line.sequence === last) {
      const stick = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
      box.querySelector('.waiting')?.remove();
      box.append(lineEl(line));
      if (stick) box.scrollTop = box.scrollHeight;
    } else {
      drawTranscript(entry);
    }
  }

  function handForm(entry) {
    const { call } = entry;
    const slot = h('div', { class: 'hand-slot' });
    const open = h('button', { type: 'button', class: 'hand-button', dataset: { callId: call.id, role: 'hand-to-person' }, 'aria-label': `Hand to a person: the call from ${who(call)}` }, 'Hand to a person');
    const showButton = () => put(slot, open);
    open.addEventListener('click', () => {
      const form = h(
        'form',
        { class: 'hand-form', novalidate: true, 'aria-label': 'Hand the call to a person', dataset: { callId: call.id } },
        field('Reason', h('textarea', { name: 'reason', required: true, maxlength: '2000', rows: '2' }, 'Asked from the live view'), 'For whoever takes the call.'),
        field('Urgency', select('urgency', [['urgent', 'Urgent'], ['high', 'High'], ['normal', 'Normal'], ['low', 'Low']], 'high')),
        h('div', { class: 'row' }, h('button', { type: 'submit', dataset: { role: 'confirm-hand' } }, 'Hand over now'), h('button', { type: 'button', class: 'secondary', dataset: { role: 'cancel-hand' } }, 'Cancel')),
      );
      form.querySelector('[data-role="cancel-hand"]').addEventListener('click', () => {
        showButton();
        open.focus();
      });
      onSubmit(form, async (data) => {
        const result = await api('/api/calls/escalate', {
          method: 'POST',
          signal,
          body: { callId: call.id, reason: String(data.get('reason') || '').trim(), urgency: data.get('urgency') },
        });
        entry.call.escalated = true;
        drawHead(entry);
        if (result.handedOff) {
          notify('Handing the call to a person now');
          put(slot, h('p', { class: 'muted', dataset: { handed: 'true' } }, 'Being handed to a person. ', h('a', { href: '#/escalations' }, 'See the escalation')));
        } else {
          notify('The call had already ended; an escalation was filed for a follow-up');
          put(slot, h('p', { class: 'muted' }, 'The call had ended; an escalation was filed. ', h('a', { href: '#/escalations' }, 'See it')));
        }
      });
      put(slot, form);
      form.elements.reason.focus();
      form.elements.reason.select();
    });
    showButton();
    return slot;
  }

  function create(call) {
    const parts = {
      head: h('div', { class: 'live-head row' }),
      transcript: h('ol', { class: 'transcript live-transcript', 'aria-label': `Transcript of the call from ${who(call)}`, tabindex: '0' }),
    };
    const entry = { call, lines: new Map(), parts, ended: false, timer: null, seenAt: Date.now() };
    parts.actions = h('div', { class: 'live-actions' }, handForm(entry));
    parts.brief = h('div', { class: 'live-brief' });
    entry.el = h('li', { class: 'live-call card', dataset: { callId: call.id } }, parts.head, parts.brief, parts.transcript, parts.actions);
    calls.set(call.id, entry);
    (call.transcript || []).forEach((line) => entry.lines.set(line.sequence, line));
    if (call.brief) put(parts.brief, briefEl(call.brief));
    drawHead(entry);
    drawTranscript(entry);
    return entry;
  }

  /** Newest first, as the list comes. */
  function place(entry) {
    const before = [...list.children].find((li) => {
      const other = calls.get(li.dataset.callId);
      return other && other !== entry && new Date(other.call.startedAt) < new Date(entry.call.startedAt);
    });
    list.insertBefore(entry.el, before || null);
  }

  function started(call, quietly) {
    let entry = calls.get(call.id);
    if (entry) {
      entry.seenAt = Date.now();
      entry.call = { ...entry.call, ...call, transcript: undefined, brief: undefined };
      (call.transcript || []).forEach((line) => addLine(entry, line));
      // a brief the screen missed while it was away (a call.escalated event sent before it reconnected)
      if (call.brief) put(entry.parts.brief, briefEl(call.brief));
      drawHead(entry);
      return entry;
    }
    entry = create(call);
    place(entry);
    syncEmpty();
    if (!quietly) announce(`New call from ${who(call)}`);
    return entry;
  }

  function ended(callId) {
    const entry = calls.get(callId);
    if (!entry || entry.ended) return;
    entry.ended = true;
    entry.el.dataset.ended = 'true';
    entry.el.classList.add('ended');
    drawHead(entry);
    put(entry.parts.actions, h('p', { class: 'muted' }, 'The call has ended.'));
    announce(`The call from ${who(entry.call)} ended`);
    entry.timer = setTimeout(() => {
      if (entry.el.contains(document.activeElement)) list.focus();
      entry.el.remove();
      calls.delete(callId);
      syncEmpty();
    }, ENDED_KEEP_MS);
  }

  /**
   * The list, merged: calls it has are kept or added (their lines joined); calls it lacks have ended, unless the
   * stream spoke of them while the list was read (a call that started after the list's query).
   */
  async function reloadList() {
    const asked = Date.now();
    let live;
    try {
      live = await api('/api/calls/live', { signal });
    } catch (problem) {
      if (problem.name === 'AbortError') return;
      put(problemSlot, h('div', { class: 'form-error', role: 'alert' }, problem.detail || problem.title));
      return;
    }
    put(problemSlot);
    const present = new Set(live.calls.map((c) => c.id));
    calls.forEach((entry, id) => {
      if (!present.has(id) && entry.seenAt < asked) ended(id);
    });
    live.calls
      .slice()
      .reverse()
      .forEach((call) => started(call, true));
    syncEmpty();
  }

  function onEvent(name, data) {
    if (!data || typeof data !== 'object') return;
    if (name === 'call.started') {
      started(data, false);
    } else if (name === 'transcript') {
      const entry = calls.get(data.callId);
      if (entry && data.line) {
        entry.seenAt = Date.now();
        addLine(entry, data.line);
        // no event tells that the agent took the stream; the first words on it do
        if (entry.call.agentState === 'waiting') {
          entry.call.agentState = 'talking';
          drawHead(entry);
        }
      }
    } else if (name === 'call.escalated') {
      const entry = calls.get(data.callId);
      if (entry) {
        entry.seenAt = Date.now();
        entry.call.escalated = true;
        drawHead(entry);
        // the brief the person taking the call reads: what was said, the intent, what the agent did
        if (data.brief) put(entry.parts.brief, briefEl(data.brief));
        announce(`The call from ${who(entry.call)} was escalated`);
      }
    } else if (name === 'call.ended') {
      ended(data.callId);
    }
  }

  syncEmpty();
  await reloadList();
  const stop = streamEvents('/api/calls/live/events', {
    signal,
    onEvent,
    onOpen: () => {
      connection.textContent = 'Live';
      connection.className = 'badge ok';
      // read again at every connection: what happened between the first read (or the drop) and now
      reloadList();
    },
    onError: (problem, { retryIn }) => {
      connection.className = 'badge warn';
      if (retryIn === null) {
        connection.textContent = 'Not live';
        put(problemSlot, h('div', { class: 'form-error', role: 'alert' }, `Live updates stopped: ${problem.detail || problem.title}. Reload the page to try again.`));
      } else {
        connection.textContent = `Reconnecting in ${Math.max(1, Math.round(retryIn / 1000))} s…`;
      }
    },
  });

  return () => {
    stop();
    calls.forEach((entry) => clearTimeout(entry.timer));
  };
}
