#!/usr/bin/env node
// Verifies a Caly webhook delivery: Node 20, built-in crypto only.
//
//   const { verify } = require('./verify.js');
//   const result = verify(secret, req.headers['caly-signature'], rawBodyBuffer);
//   if (!result.valid) return res.status(400).send(result.reason);
//
// As a program: node verify.js <secret> <Caly-Signature value> [unix-now] < body
// prints "valid" (exit 0) or "invalid: <reason>" (exit 1).
'use strict';

const crypto = require('node:crypto');

/** Deliveries signed longer ago than this, or further in the future, are refused: a replayed request is too old. */
const TOLERANCE_SECONDS = 300;

/**
 * Checks a Caly-Signature header ("t=<unix seconds>,v1=<hex>[,v1=<hex>]") against the raw body.
 * secret: the whole signing secret, "whsec_..."; body: the raw request body (Buffer or string, exactly as received);
 * now: unix seconds (defaults to the clock). Returns { valid: true } or { valid: false, reason }.
 */
function verify(secret, header, body, now = Math.floor(Date.now() / 1000)) {
  if (typeof header !== 'string' || header.trim() === '') return { valid: false, reason: 'no Caly-Signature header' };
  let timestamp = null;
  const signatures = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === 't') {
      if (timestamp !== null || !/^\d{1,12}$/.test(value)) return { valid: false, reason: 'malformed timestamp' };
      timestamp = Number(value);
    } else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) {
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === null) return { valid: false, reason: 'no timestamp' };
  if (signatures.length === 0) return { valid: false, reason: 'no v1 signature' };

  const raw = Buffer.isBuffer(body) ? body : Buffer.from(String(body), 'utf8');
  const expected = crypto
    .createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), raw]))
    .digest();
  // every entry is compared, each in constant time: during a secret rotation the header carries two
  let matched = false;
  for (const signature of signatures) {
    if (crypto.timingSafeEqual(signature, expected)) matched = true;
  }
  if (!matched) return { valid: false, reason: 'no signature matches' };
  if (Math.abs(now - timestamp) > TOLERANCE_SECONDS) return { valid: false, reason: 'timestamp outside the tolerance' };
  return { valid: true };
}

module.exports = { verify, TOLERANCE_SECONDS };

if (require.main === module) {
  const [secret, header, nowArg] = process.argv.slice(2);
  if (!secret || header === undefined || (nowArg !== undefined && !/^\d+$/.test(nowArg))) {
    process.stderr.write('usage: node verify.js <secret> <Caly-Signature value> [unix-now] < body\n');
    process.exit(2);
  }
  const chunks = [];
  process.stdin.on('data', (chunk) => chunks.push(chunk));
  process.stdin.on('end', () => {
    const now = nowArg === undefined ? Math.floor(Date.now() / 1000) : Number(nowArg);
    const result = verify(secret, header, Buffer.concat(chunks), now);
    process.stdout.write(result.valid ? 'valid\n' : `invalid: ${result.reason}\n`);
    process.exitCode = result.valid ? 0 : 1;
  });
}
