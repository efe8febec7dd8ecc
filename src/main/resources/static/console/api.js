// The console's one way to the API. The access token lives in this module's memory only; the refresh token is an
// HttpOnly cookie the browser sends to /api/auth/refresh alone, so a reload or an expired token refreshes there.

let accessToken = null;
let refreshing = null;
const listeners = new Set();

// Whether this browser signed in and so may hold a refresh cookie, which the page cannot read. Without it, every
// first visit would ask the refresh endpoint for a session that is not there, and the browser logs that 401 as an
// error in the console.
const SESSION_HINT = 'caly.signed-in';

function hintSession(signedIn) {
  try {
    if (signedIn) localStorage.setItem(SESSION_HINT, '1');
    else localStorage.removeItem(SESSION_HINT);
  } catch (e) {
    /* storage off: the hint is only an optimisation */
  }
}

function mayHaveSession() {
  try {
    return localStorage.getItem(SESSION_HINT) === '1';
  } catch (e) {
    return true;
  }
}

/** A problem+json answer (RFC 9457), or a network failure as one. */
export class ApiProblem extends Error {
  constructor(status, body) {
    super(body.detail || body.title || `HTTP ${status}`);
    this.status = status;
    this.type = body.type || 'about:blank';
    this.slug = String(this.type).split('/').pop();
    this.title = body.title || `HTTP ${status}`;
    this.detail = body.detail || '';
    this.errors = Array.isArray(body.errors) ? body.errors : [];
    this.body = body;
    this.retryAfter = null;
  }
}

export function onSessionChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function token() {
  return accessToken;
}

export function setToken(value) {
  accessToken = value;
  listeners.forEach((listener) => listener(value));
}

/** A new access token from the refresh cookie; false when there is no session to continue. */
export function refresh() {
  if (!refreshing) {
    refreshing = fetch('/api/auth/refresh', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-Refresh-Token': 'cookie', Accept: 'application/json' },
    })
      .then(async (response) => {
        if (!response.ok) {
          hintSession(false);
          setToken(null);
          return false;
        }
        const body = await response.json();
        setToken(body.accessToken);
        return true;
      })
      .catch(() => false)
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

/** On start: continues the session of the refresh cookie, if this browser signed in; false otherwise. */
export function restore() {
  return mayHaveSession() ? refresh() : Promise.resolve(false);
}

async function problemOf(response) {
  let body = {};
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      body = await response.json();
    } catch (e) {
      body = {};
    }
  }
  const problem = new ApiProblem(response.status, body);
  const retry = response.headers.get('Retry-After');
  if (retry && /^\d+$/.test(retry)) problem.retryAfter = Number(retry);
  return problem;
}

/**
 * Calls the API: JSON in and out, the access token attached, one refresh and retry on a 401.
 * Options: method, body (JSON-encoded), query (object; empty values left out), raw (return the Response),
 * signal, auth (false for the public auth endpoints), headers.
 */
export async function api(path, options = {}) {
  const { method = 'GET', body, query, raw = false, signal, auth = true, headers = {} } = options;
  let url = path;
  if (query) {
    const params = new URLSearchParams();
    Object.entries(query).forEach(([key, value]) => {
      if (value === undefined || value === null || value === '') return;
      (Array.isArray(value) ? value : [value]).forEach((v) => params.append(key, String(v)));
    });
    const text = params.toString();
    if (text) url += (url.includes('?') ? '&' : '?') + text;
  }
  const send = () => {
    const all = { Accept: 'application/json, application/problem+json', ...headers };
    if (body !== undefined) all['Content-Type'] = 'application/json';
    if (auth && accessToken) all.Authorization = `Bearer ${accessToken}`;
    return fetch(url, {
      method,
      headers: all,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  };
  let response;
  try {
    response = await send();
    if (response.status === 401 && auth && (await refresh())) {
      response = await send();
    }
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiProblem(0, { title: 'Network error', detail: 'The service could not be reached. Check your connection and try again.' });
  }
  if (raw) return response;
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && auth) setToken(null);
    throw problem;
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

/** Signs in through one of the endpoints that answer with a session; the refresh token goes to the cookie. */
export async function signIn(path, body) {
  const session = await api(path, { method: 'POST', body, auth: false, headers: { 'X-Refresh-Token': 'cookie' } });
  hintSession(true);
  setToken(session.accessToken);
  return session;
}

export async function signOut() {
  try {
    if (accessToken) await api('/api/auth/logout', { method: 'POST' });
  } finally {
    hintSession(false);
    setToken(null);
  }
}
