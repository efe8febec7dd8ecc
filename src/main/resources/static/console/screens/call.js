// One call (#/call/<id>): its facts and summary, the recording with the transcript beside it following playback,
// the agent's actions, returns, escalations, charges and per-turn latency.
//
// Transcript lines carry startMs/endMs counted from the start of the call's media stream, which is where the
// recording starts, so a line's start in the recording is startMs / 1000 seconds.
import { api } from '../api.js';
import { fitWidth, lineChart } from '../charts.js';
import { dateTime, duration, h, heading, money, number, problemBox, put, table } from '../ui.js';
import { outcomeBadge, statusBadge, words } from './calls.js';

function fact(term, value, key) {
  return [h('dt', {}, term), h('dd', { dataset: { fact: key } }, value === null || value === undefined || value === '' ? '—' : value)];
}

function clock(ms) {
  const total = Math.max(0, Math.floor(Number(ms) / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

function json(value) {
  if (value === null || value === undefined) return '—';
  const text = JSON.stringify(value, null, 1);
  if (text.length <= 120) return h('code', {}, text);
  return h('details', {}, h('summary', {}, h('code', {}, `${text.slice(0, 60).replace(/\s+/g, ' ')}…`)), h('pre', { class: 'json' }, text));
}

function sum(values) {
  return values.reduce((all, v) => all + Number(v || 0), 0);
}

/** The line playing at `ms`: the last one started by then (lines are in start order). */
export function lineAt(starts, ms) {
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (starts[mid] <= ms) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

function transcriptList(lines) {
  if (!lines.length) return h('p', { class: 'muted', id: 'transcript-empty' }, 'No transcript was kept for this call.');
  return h(
    'ol',
    { class: 'transcript', id: 'transcript', 'aria-label': 'Transcript' },
    lines.map((line) => h(
      'li',
      {
        class: `line ${line.speaker === 'agent' ? 'agent' : 'caller'}${line.interrupted ? ' interrupted' : ''}`,
        dataset: { startMs: line.startMs, endMs: line.endMs, sequence: line.sequence, speaker: line.speaker },
      },
      h('span', { class: 'at mono' }, clock(line.startMs)),
      ' ',
      h('span', { class: 'who-said' }, line.speaker === 'agent' ? 'Agent' : line.speaker === 'caller' ? 'Caller' : words(line.speaker)),
      h('span', { class: 'said' }, line.text),
      line.interrupted ? h('span', { class: 'badge warn' }, 'interrupted') : null,
    )),
  );
}

/**
 * A player that can seek: a recording served without byte ranges (the local disk store in development) plays
 * but cannot seek, so such a same-origin file is fetched once and played from memory (media-src allows blob:).
 * Returns `seekable()`, which resolves when seeking works (or can be made to work no further), and a cleanup.
 */
function seekablePlayer(player, signal) {
  let objectUrl = null;
  let pending = null;
  const canSeek = () => {
    const ranges = player.seekable;
    return Number.isFinite(player.duration) && ranges.length > 0 && ranges.end(ranges.length - 1) >= player.duration - 0.5;
  };
  const loaded = () => (player.readyState >= 1 ? Promise.resolve() : new Promise((resolve) => {
    player.addEventListener('loadedmetadata', resolve, { once: true });
    player.addEventListener('error', resolve, { once: true });
    if (player.preload === 'none') player.load();
  }));
  const seekable = () => {
    if (!pending) {
      pending = loaded().then(async () => {
        if (canSeek() || objectUrl) return;
        const url = new URL(player.currentSrc || player.src, location.href);
        if (url.origin !== location.origin) return;
        const response = await fetch(url, { signal, credentials: 'same-origin' });
        if (!response.ok) return;
        const blob = await response.blob();
        if (signal.aborted) return;
        const at = player.currentTime;
        objectUrl = URL.createObjectURL(blob);
        player.src = objectUrl;
        await loaded();
        if (at) player.currentTime = at;
      }).catch(() => null);
    }
    return pending;
  };
  player.addEventListener('loadedmetadata', () => {
    if (!canSeek()) seekable();
  }, { once: true });
  return {
    seekable,
    release() {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    },
  };
}

/** Makes the lines follow the player and seek it; returns a cleanup. */
function follow(player, list, seekable) {
  const items = [...list.querySelectorAll('li[data-start-ms]')];
  const order = items.map((li, i) => ({ li, start: Number(li.dataset.startMs), i })).sort((a, b) => a.start - b.start || a.i - b.i);
  const starts = order.map((o) => o.start);
  let current = null;
  items.forEach((li) => {
    li.setAttribute('role', 'button');
    li.setAttribute('tabindex', '0');
    const said = li.querySelector('.said').textContent;
    li.setAttribute('aria-label', `${li.querySelector('.who-said').textContent} at ${li.querySelector('.at').textContent}: ${said}. Play from here`);
  });
  const mark = () => {
    const index = lineAt(starts, player.currentTime * 1000 + 50);
    const next = index >= 0 ? order[index].li : null;
    if (next === current) return;
    if (current) {
      current.classList.remove('current');
      current.removeAttribute('aria-current');
    }
    current = next;
    if (!current) return;
    current.classList.add('current');
    current.setAttribute('aria-current', 'true');
    // scroll within the list only, never the page (the list is positioned, so offsetTop is within it)
    const top = current.offsetTop;
    if (top < list.scrollTop || top + current.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = Math.max(0, top - list.clientHeight / 3);
    }
  };
  const seek = async (li) => {
    await seekable();
    player.currentTime = Number(li.dataset.startMs) / 1000;
    mark();
    const playing = player.play();
    if (playing && playing.catch) playing.catch(() => null);
  };
  const onClick = (event) => {
    const li = event.target.closest('li[data-start-ms]');
    if (li && list.contains(li) && !event.target.closest('a, button, summary')) seek(li);
  };
  const onKey = (event) => {
    const li = event.target.closest('li[data-start-ms]');
    if (!li || (event.key !== 'Enter' && event.key !== ' ')) return;
    event.preventDefault();
    seek(li);
  };
  player.addEventListener('timeupdate', mark);
  player.addEventListener('seeked', mark);
  list.addEventListener('click', onClick);
  list.addEventListener('keydown', onKey);
  return () => {
    player.removeEventListener('timeupdate', mark);
    player.removeEventListener('seeked', mark);
    player.pause();
  };
}

async function recordingPart(call, signal) {
  if (!call.hasRecording) {
    const live = ['initiated', 'ringing', 'in_progress'].includes(call.status);
    return { note: live ? 'The call is still going on. Its recording will be here a little after it ends.' : 'There is no recording for this call yet. Recordings are usually ready within a minute of the call ending; if the call was never answered, none was made.' };
  }
  try {
    return { link: await api(`/api/recordings/${encodeURIComponent(call.id)}`, { signal }) };
  } catch (problem) {
    if (problem.name === 'AbortError') throw problem;
    if (problem.status === 404) return { note: 'The recording is not ready yet: it is still being stored. Reload this page in a minute to listen to it.' };
    return { problem };
  }
}

const UNITS = { pulse: ['pulse', 'pulses'], token: ['token', 'tokens'], gb_month: ['GB-month', 'GB-months'], minute: ['minute', 'minutes'], second: ['second', 'seconds'] };

function unitName(unit, quantity) {
  const names = UNITS[unit];
  if (!names) return words(unit);
  return Number(quantity) === 1 ? names[0] : names[1];
}

/** Unit prices can be fractions of a paisa (per token): shown with the digits they have, up to six. */
function unitPrice(amount, currency) {
  if (amount === null || amount === undefined) return '—';
  return new Intl.NumberFormat('en-IN', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 6 }).format(Number(amount));
}

function chargesTable(charges) {
  const currency = charges[0] ? charges[0].currency : 'INR';
  const same = charges.every((c) => c.currency === currency);
  const rows = charges.map((c) => [
    words(c.category),
    c.description || '—',
    `${number(c.quantity, 4)} ${unitName(c.unit, c.quantity)}`,
    unitPrice(c.unitPrice, c.currency),
    money(c.amount, c.currency),
  ]);
  const wrap = table('Charges for this call', ['Category', 'Description', 'Quantity', 'Unit price', 'Amount'], rows, { empty: 'No charges for this call.', class: 'charges', hideCaption: true });
  if (charges.length && same) {
    const tfoot = h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', colspan: 4 }, 'Total'), h('td', { id: 'charges-total', class: 'num' }, money(sum(charges.map((c) => c.amount)), currency))));
    wrap.querySelector('table').append(tfoot);
  }
  return wrap;
}

function latencyChart(turns) {
  if (!turns.length) return h('p', { class: 'muted' }, 'No turns were measured on this call.');
  const ms = (v) => `${number(v)} ms`;
  const chart = lineChart({
    width: Math.min(720, fitWidth()),
    label: 'Latency per turn, in milliseconds',
    xLabel: 'Turn',
    yLabel: 'ms',
    format: ms,
    xFormat: (x) => String(x),
    height: 200,
    series: [
      { name: 'Voice to voice', points: turns.map((t) => ({ x: t.turn, y: t.voiceToVoiceMs })) },
      { name: 'Model', points: turns.map((t) => ({ x: t.turn, y: t.modelMs })) },
      { name: 'Server', points: turns.map((t) => ({ x: t.turn, y: t.serverMs })) },
    ],
  });
  chart.id = 'latency-chart';
  const v2v = turns.map((t) => t.voiceToVoiceMs).sort((a, b) => a - b);
  const median = v2v[Math.floor((v2v.length - 1) / 2)];
  return h('div', { class: 'card' }, h('p', { class: 'muted', id: 'latency-summary' }, `${turns.length} ${turns.length === 1 ? 'turn' : 'turns'}; voice to voice median ${ms(median)}, slowest ${ms(v2v[v2v.length - 1])}.`), chart);
}

export async function render(main, { params, signal }) {
  const id = params[0];
  if (!id) {
    location.hash = '/calls';
    return undefined;
  }
  let detail;
  try {
    detail = await api(`/api/calls/${encodeURIComponent(id)}`, { signal });
  } catch (problem) {
    if (problem.name === 'AbortError') throw problem;
    put(main, heading('Call'), problemBox(problem), h('p', {}, h('a', { href: '#/calls' }, '← Back to calls')));
    return undefined;
  }
  const { call } = detail;
  const recording = await recordingPart(call, signal);

  const facts = h(
    'dl',
    { class: 'facts', id: 'call-facts' },
    fact('From', h('span', { class: 'mono' }, call.from || '—'), 'from'),
    fact('To', h('span', { class: 'mono' }, call.to || '—'), 'to'),
    fact('Direction', words(call.direction), 'direction'),
    call.channel !== undefined ? fact('Channel', words(call.channel), 'channel') : null,
    fact('Started', dateTime(call.startedAt), 'startedAt'),
    fact('Answered', call.answeredAt ? dateTime(call.answeredAt) : '—', 'answeredAt'),
    fact('Ended', call.endedAt ? dateTime(call.endedAt) : '—', 'endedAt'),
    fact('Duration', call.durationSeconds === null || call.durationSeconds === undefined ? '—' : duration(call.durationSeconds), 'duration'),
    fact('Status', statusBadge(call.status), 'status'),
    fact('Outcome', outcomeBadge(call.outcome), 'outcome'),
    fact('Intent', words(call.intent), 'intent'),
    fact('Sentiment', words(call.sentiment), 'sentiment'),
    fact('Escalated', call.escalated ? 'Yes' : 'No', 'escalated'),
    call.endReason ? fact('Ended because', words(call.endReason), 'endReason') : null,
  );

  let player = null;
  let playerBox;
  if (recording.link) {
    player = h('audio', { id: 'recording-player', controls: true, preload: 'metadata', src: recording.link.url });
    let renewed = false;
    // a link that expired while the page was open: ask for a fresh one once
    player.addEventListener('error', async () => {
      if (renewed || signal.aborted) return;
      renewed = true;
      try {
        const fresh = await api(`/api/recordings/${encodeURIComponent(call.id)}`, { signal });
        const at = player.currentTime;
        player.src = fresh.url;
        download.href = fresh.url;
        player.currentTime = at;
      } catch (e) {
        /* the note below stays */
      }
    });
    const download = h('a', { href: recording.link.url, download: `call-${call.id}.mp3`, id: 'recording-download', class: 'button secondary small' }, 'Download recording');
    playerBox = h(
      'div',
      { class: 'player' },
      h('label', { for: 'recording-player' }, 'Recording'),
      player,
      h('div', { class: 'row' }, download, detail.recordingDurationMs ? h('span', { class: 'muted' }, `Length ${clock(detail.recordingDurationMs)}`) : null),
      h('p', { class: 'hint' }, 'Select a line of the transcript to play from there.'),
    );
  } else if (recording.problem) {
    playerBox = h('div', { class: 'player', id: 'recording-status' }, h('p', {}, 'The recording could not be loaded.'), problemBox(recording.problem));
  } else {
    playerBox = h('div', { class: 'player', id: 'recording-status' }, h('p', { class: 'muted', role: 'status' }, recording.note));
  }

  const transcript = transcriptList(detail.transcript || []);
  const title = call.channel === 'web' ? 'Test call from the browser' : `Call from ${call.from || 'an unknown number'}`;
  const actionRows = (detail.actions || []).map((a) => [
    h('code', {}, a.tool),
    h('span', { class: `badge ${a.status === 'ok' ? 'ok' : 'bad'}` }, words(a.status)),
    `${number(a.durationMs)} ms`,
    dateTime(a.createdAt),
    json(a.arguments),
    json(a.result),
  ]);
  const returnRows = (detail.returns || []).map((r) => [
    h('span', { class: 'mono' }, r.orderId),
    words(r.kind),
    h('span', { class: 'badge' }, words(r.status)),
    Array.isArray(r.items) ? r.items.join(', ') : json(r.items),
    r.reason,
    dateTime(r.createdAt),
  ]);
  const escalationRows = (detail.escalations || []).map((e) => [
    e.reason,
    h('span', { class: `badge ${e.urgency === 'urgent' || e.urgency === 'high' ? 'bad' : ''}` }, words(e.urgency)),
    h('span', { class: `badge ${e.status === 'resolved' ? 'ok' : 'warn'}` }, words(e.status)),
    dateTime(e.createdAt),
    e.resolvedAt ? dateTime(e.resolvedAt) : '—',
    e.resolutionNote || '—',
  ]);
  const voice = detail.voice;

  put(
    main,
    heading(title, h('a', { href: '#/calls' }, '← All calls')),
    h('section', { class: 'card', 'aria-labelledby': 'call-facts-title' }, h('h2', { id: 'call-facts-title', class: 'visually-hidden' }, 'Facts'), facts),
    h('section', { 'aria-labelledby': 'summary-title' }, h('h2', { id: 'summary-title' }, 'Summary'), h('p', { id: 'call-summary', class: 'card' }, detail.summary || 'No summary yet: it is written a little after the call ends.')),
    h(
      'section',
      { 'aria-labelledby': 'recording-title' },
      h('h2', { id: 'recording-title' }, 'Recording and transcript'),
      h('div', { class: 'listen' }, h('div', { class: 'card' }, playerBox), h('div', { class: 'card transcript-card' }, transcript)),
    ),
    h('section', { 'aria-labelledby': 'actions-title' }, h('h2', { id: 'actions-title' }, 'Actions and tool calls'), table('Tool calls the agent made', ['Tool', 'Status', 'Took', 'At', 'Arguments', 'Result'], actionRows, { empty: 'The agent made no tool calls.', class: 'actions', hideCaption: true })),
    h('section', { 'aria-labelledby': 'returns-title' }, h('h2', { id: 'returns-title' }, 'Returns'), table('Return requests filed on this call', ['Order', 'Kind', 'Status', 'Items', 'Reason', 'Filed'], returnRows, { empty: 'No returns were filed.', hideCaption: true })),
    h('section', { 'aria-labelledby': 'escalations-title' }, h('h2', { id: 'escalations-title' }, 'Escalations'), table('Escalations raised on this call', ['Reason', 'Urgency', 'Status', 'Raised', 'Resolved', 'Note'], escalationRows, { empty: 'The call was not escalated.', hideCaption: true })),
    h('section', { 'aria-labelledby': 'charges-title' }, h('h2', { id: 'charges-title' }, 'Charges'), chargesTable(detail.charges || [])),
    h('section', { 'aria-labelledby': 'latency-title' }, h('h2', { id: 'latency-title' }, 'Latency per turn'), latencyChart(detail.turns || [])),
    voice
      ? h(
        'section',
        { 'aria-labelledby': 'voice-title' },
        h('h2', { id: 'voice-title' }, 'Conversation'),
        h(
          'dl',
          { class: 'facts card', id: 'voice-stats' },
          fact('Interruptions', number(voice.interruptions), 'interruptions'),
          fact('Short words talked over', number(voice.backchannelsIgnored), 'backchannelsIgnored'),
          fact('Pauses', number(voice.pauses), 'pauses'),
          fact('Resumes', number(voice.resumes), 'resumes'),
          fact('Model sessions', number(voice.modelSessions), 'modelSessions'),
          fact('Tokens in (text / audio / cached)', `${number(voice.inputTextTokens)} / ${number(voice.inputAudioTokens)} / ${number(voice.inputCachedTokens)}`, 'inputTokens'),
          fact('Tokens out (text / audio)', `${number(voice.outputTextTokens)} / ${number(voice.outputAudioTokens)}`, 'outputTokens'),
        ),
      )
      : null,
    (detail.providerAnomalies || []).length
      ? h(
        'section',
        { 'aria-labelledby': 'anomalies-title' },
        h('h2', { id: 'anomalies-title' }, 'Provider figures set aside'),
        table('Figures the provider reported that were ignored or cut', ['Field', 'Reported', 'Problem', 'Used', 'At'], detail.providerAnomalies.map((a) => [a.field, h('code', {}, a.reported), a.problem, a.used || '—', a.at ? dateTime(a.at) : '—']), { hideCaption: true }),
      )
      : null,
  );

  if (!player) return undefined;
  const media = seekablePlayer(player, signal);
  const stop = transcript.tagName === 'OL' ? follow(player, transcript, media.seekable) : () => player.pause();
  return () => {
    stop();
    media.release();
  };
}
