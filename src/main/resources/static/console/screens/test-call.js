// Test call: the microphone to the agent through the live-call path a phone call takes, the agent heard, and
// the transcript as it is spoken. The call is stored, recorded and billed like any other, as a web call.
import { token } from '../api.js';
import { streamEvents } from '../sse.js';
import { startWebCall } from '../webcall/web-call.js';
import { h, heading, notify, problemBox, put } from '../ui.js';

export async function render(main, { signal, me }) {
  const state = h('p', { id: 'call-state', role: 'status', 'aria-live': 'polite' }, 'Ready. Your browser will ask for the microphone.');
  const transcript = h('ol', { class: 'transcript', id: 'live-transcript', 'aria-label': 'Transcript', 'aria-live': 'polite' });
  const errors = h('div');
  const start = h('button', { type: 'button', id: 'start-call' }, 'Start test call');
  const mute = h('button', { type: 'button', class: 'secondary', id: 'mute-call', disabled: true, 'aria-pressed': 'false' }, 'Mute');
  const hangUp = h('button', { type: 'button', class: 'danger', id: 'end-call', disabled: true }, 'End call');
  const after = h('p', { id: 'call-after' });
  let call = null;
  let events = null;

  const lines = new Map();
  /** A line by its sequence in the call: a line heard again (its text completed) replaces the first. */
  const line = ({ sequence, speaker, text }) => {
    if (!text) return;
    const known = lines.get(sequence);
    if (known) {
      known.lastChild.textContent = text;
      return;
    }
    const el = h('li', { class: speaker === 'agent' ? 'agent' : 'caller', dataset: { speaker, sequence } }, h('span', { class: 'who-said' }, speaker === 'agent' ? 'Agent:' : 'You:'), h('span', {}, text));
    lines.set(sequence, el);
    const after = [...lines.keys()].filter((n) => n > sequence).sort((a, b) => a - b)[0];
    if (after !== undefined) transcript.insertBefore(el, lines.get(after));
    else transcript.append(el);
    transcript.scrollTop = transcript.scrollHeight;
  };

  const finish = (callId) => {
    start.disabled = false;
    mute.disabled = true;
    hangUp.disabled = true;
    if (events) events.abort();
    events = null;
    if (callId) put(after, 'The call is saved: ', h('a', { href: `#/call/${encodeURIComponent(callId)}`, id: 'test-call-link' }, 'open it in Calls'), '.');
  };

  start.addEventListener('click', async () => {
    start.disabled = true;
    put(errors);
    put(after);
    transcript.replaceChildren();
    lines.clear();
    state.textContent = 'Connecting…';
    try {
      call = await startWebCall({
        accessToken: token(),
        onState: (value) => {
          state.textContent = {
            microphone: 'Waiting for the microphone…',
            connecting: 'Connecting…',
            live: 'Live: speak to your agent.',
            speaking: 'Live: the agent is speaking.',
            listening: 'Live: the agent is listening.',
            ended: 'The call has ended.',
          }[value] || value;
          state.dataset.state = value;
          if (value === 'ended') finish(call && call.callId);
        },
        onError: (problem) => {
          put(errors, problemBox(problem));
          finish(call && call.callId);
        },
      });
    } catch (problem) {
      state.textContent = 'The call could not start.';
      put(errors, problemBox(problem));
      start.disabled = false;
      return;
    }
    mute.disabled = false;
    hangUp.disabled = false;
    events = new AbortController();
    signal.addEventListener('abort', () => events && events.abort());
    streamEvents(`/api/calls/live/events?callId=${encodeURIComponent(call.callId)}`, {
      signal: events.signal,
      onEvent: (name, data) => {
        if (name === 'transcript' && data && data.line) line(data.line);
        if (name === 'call.ended') finish(call.callId);
      },
      onError: () => {},
    });
  });

  mute.addEventListener('click', () => {
    if (!call) return;
    const muted = mute.getAttribute('aria-pressed') !== 'true';
    call.muted(muted);
    mute.setAttribute('aria-pressed', String(muted));
    mute.textContent = muted ? 'Unmute' : 'Mute';
  });

  hangUp.addEventListener('click', () => {
    if (!call) return;
    call.hangUp();
    state.textContent = 'The call has ended.';
    finish(call.callId);
  });

  signal.addEventListener('abort', () => {
    if (call && !hangUp.disabled) call.hangUp();
  });

  put(
    main,
    heading('Test call'),
    h(
      'section',
      { class: 'card' },
      h('p', {}, `Talk to ${me.company.name}'s agent from this browser, as a caller would on the phone. The call is recorded and billed like any other and appears in Calls as a web call.`),
      h('div', { class: 'row' }, start, mute, hangUp),
      state,
      errors,
      after,
    ),
    h('section', { class: 'card' }, h('h2', {}, 'Transcript'), transcript),
  );
  return () => {
    if (events) events.abort();
    if (call && !hangUp.disabled) call.hangUp();
  };
}
