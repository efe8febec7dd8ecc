// Server-Sent Events over fetch(), so the stream carries the bearer token (EventSource cannot send headers).
// The body is read with a TextDecoder and parsed as the SSE format says; a dropped stream reconnects with backoff
// (from the server's `retry:` up to 30 s, with jitter), a 401 refreshes the access token once and retries, and
// the stream stops for good when the signal aborts.
import { ApiProblem, refresh, token } from './api.js';

const MAX_DELAY = 30000;

/** Splits an SSE body into events; feed it text as it comes. */
export class SseParser {
  constructor(onMessage) {
    this.onMessage = onMessage;
    this.buffer = '';
    this.reset();
    this.lastId = '';
    this.retry = null;
  }

  reset() {
    this.event = '';
    this.data = [];
    this.hasData = false;
  }

  push(text) {
    this.buffer += text;
    // a lone \r at the very end may be the first half of \r\n: keep it for the next chunk
    for (;;) {
      const match = /\r\n|\n|\r/.exec(this.buffer);
      if (!match) return;
      if (match[0] === '\r' && match.index === this.buffer.length - 1) return;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      this.line(line);
    }
  }

  line(line) {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'event') this.event = value;
    else if (name === 'data') {
      this.data.push(value);
      this.hasData = true;
    } else if (name === 'id') {
      if (!value.includes('\0')) this.lastId = value;
    } else if (name === 'retry') {
      if (/^\d+$/.test(value)) this.retry = Number(value);
    }
  }

  dispatch() {
    if (this.hasData) {
      const text = this.data.join('\n');
      let data = text;
      try {
        data = JSON.parse(text);
      } catch (e) {
        /* not JSON: the text as it came */
      }
      this.onMessage(this.event || 'message', data, this.lastId);
    }
    this.reset();
  }
}

function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal && signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', done);
      resolve();
    }
    if (signal) signal.addEventListener('abort', done, { once: true });
  });
}

async function problemOf(response) {
  let body = {};
  try {
    if ((response.headers.get('Content-Type') || '').includes('json')) body = await response.json();
  } catch (e) {
    body = {};
  }
  const problem = new ApiProblem(response.status, body);
  const retry = response.headers.get('Retry-After');
  if (retry && /^\d+$/.test(retry)) problem.retryAfter = Number(retry);
  return problem;
}

/**
 * Opens an event stream of the API and keeps it open until `signal` aborts (or the returned function is called).
 * onEvent(name, data, id): data is parsed JSON when it is JSON. onOpen(response): at every (re)connection, so a
 * screen can reload what it may have missed. onError(problem, {retryIn}): a failure, with the wait before the
 * next try in ms, or retryIn null when the stream gives up (the session ended, or the API refused for good).
 */
export function streamEvents(path, { onEvent = () => {}, onOpen = () => {}, onError = () => {}, signal } = {}) {
  const own = new AbortController();
  const stop = () => own.abort();
  if (signal) {
    if (signal.aborted) own.abort();
    else signal.addEventListener('abort', stop, { once: true });
  }
  const parser = new SseParser((name, data, id) => {
    try {
      onEvent(name, data, id);
    } catch (e) {
      /* a handler's failure must not end the stream */
    }
  });
  let delay = 1000;

  const wait = (problem, ms) => {
    const retryIn = Math.min(MAX_DELAY, Math.round(ms * (0.8 + Math.random() * 0.4)));
    try {
      onError(problem, { retryIn });
    } catch (e) {
      /* ignore */
    }
    return sleep(retryIn, own.signal);
  };
  const giveUp = (problem) => {
    try {
      onError(problem, { retryIn: null });
    } catch (e) {
      /* ignore */
    }
  };

  (async () => {
    let refreshed = false;
    while (!own.signal.aborted) {
      let response;
      try {
        const headers = { Accept: 'text/event-stream' };
        const access = token();
        if (access) headers.Authorization = `Bearer ${access}`;
        if (parser.lastId) headers['Last-Event-ID'] = parser.lastId;
        response = await fetch(path, { headers, credentials: 'same-origin', cache: 'no-store', signal: own.signal });
      } catch (e) {
        if (own.signal.aborted) return;
        await wait(new ApiProblem(0, { title: 'Network error', detail: 'The live stream could not be reached; trying again.' }), delay);
        delay = Math.min(MAX_DELAY, delay * 2);
        continue;
      }
      if (response.status === 401) {
        if (!refreshed && (await refresh())) {
          refreshed = true;
          continue;
        }
        giveUp(await problemOf(response));
        return;
      }
      if (!response.ok) {
        const problem = await problemOf(response);
        if (response.status === 429 || response.status >= 500) {
          await wait(problem, Math.max(delay, (problem.retryAfter || 0) * 1000));
          delay = Math.min(MAX_DELAY, delay * 2);
          continue;
        }
        giveUp(problem);
        return;
      }
      refreshed = false;
      try {
        onOpen(response);
      } catch (e) {
        /* ignore */
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      const opened = Date.now();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.push(decoder.decode(value, { stream: true }));
        }
        parser.push(decoder.decode());
      } catch (e) {
        if (own.signal.aborted) return;
      }
      if (own.signal.aborted) return;
      parser.buffer = '';
      parser.reset();
      // a stream that stayed open a while starts over from the server's retry; one that keeps dropping backs off
      if (Date.now() - opened > 30000) delay = parser.retry || 1000;
      else delay = Math.max(delay, parser.retry || 1000);
      await wait(new ApiProblem(0, { title: 'Stream closed', detail: 'The live stream closed; reconnecting.' }), delay);
      delay = Math.min(MAX_DELAY, delay * 2);
    }
  })();

  return stop;
}
