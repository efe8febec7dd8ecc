// The audio arithmetic of a web call, with no browser API in it (it runs in AudioWorklets, where there is no
// btoa, and in tests): resampling between the audio context's rate and the line's 8 kHz, 16-bit little-endian
// packing, and base64.

/** The line's format: 16-bit mono PCM at 8 kHz, as Exotel streams it. */
export const LINE_RATE = 8000;

/** Samples in one 100 ms chunk of the line, and its bytes (1,600). */
export const CHUNK_SAMPLES = LINE_RATE / 10;
export const CHUNK_BYTES = CHUNK_SAMPLES * 2;

/**
 * A second-order Butterworth low-pass (RBJ biquad), run in place on blocks, its state carried between them.
 */
export class LowPass {
  constructor(sampleRate, cutoffHz) {
    const w = (2 * Math.PI * Math.min(cutoffHz, sampleRate * 0.45)) / sampleRate;
    const alpha = Math.sin(w) / (2 * Math.SQRT1_2);
    const cos = Math.cos(w);
    const a0 = 1 + alpha;
    this.b0 = (1 - cos) / 2 / a0;
    this.b1 = (1 - cos) / a0;
    this.b2 = this.b0;
    this.a1 = (-2 * cos) / a0;
    this.a2 = (1 - alpha) / a0;
    this.x1 = 0;
    this.x2 = 0;
    this.y1 = 0;
    this.y2 = 0;
  }

  /** Filters the samples in place and returns them. */
  process(samples) {
    let { x1, x2, y1, y2 } = this;
    for (let i = 0; i < samples.length; i++) {
      const x = samples[i];
      const y = this.b0 * x + this.b1 * x1 + this.b2 * x2 - this.a1 * y1 - this.a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      samples[i] = y;
    }
    this.x1 = x1;
    this.x2 = x2;
    // flush denormals, which make some CPUs crawl through silence
    this.y1 = Math.abs(y1) < 1e-20 ? 0 : y1;
    this.y2 = Math.abs(y2) < 1e-20 ? 0 : y2;
    return samples;
  }
}

/**
 * Linear interpolation from one rate to another, any ratio, over a stream cut into blocks of any length: the
 * position between blocks and the last sample of the previous block are carried, so no block edge clicks.
 */
export class LinearResampler {
  constructor(fromRate, toRate) {
    if (!(fromRate > 0) || !(toRate > 0)) {
      throw new RangeError('sample rates must be positive');
    }
    this.step = fromRate / toRate;
    // position in a virtual block whose index 0 is the previous block's last sample, 1.. this block's
    this.position = 1;
    this.last = 0;
  }

  /** The output samples for this block of input (a new array, possibly empty). */
  process(input) {
    const n = input.length;
    if (n === 0) {
      return new Float32Array(0);
    }
    const out = new Float32Array(Math.ceil((n + 1) / this.step) + 1);
    let count = 0;
    let position = this.position;
    while (position < n) {
      const i = Math.floor(position);
      const fraction = position - i;
      const a = i === 0 ? this.last : input[i - 1];
      const b = input[i];
      out[count++] = a + (b - a) * fraction;
      position += this.step;
    }
    this.position = position - n;
    this.last = input[n - 1];
    return out.subarray(0, count);
  }
}

/**
 * From the audio context's rate down to the line's: a low-pass below the line's Nyquist frequency (two biquads,
 * a fourth-order slope, cut at 3.4 kHz for 8 kHz), then linear interpolation. At or below the line's rate no
 * filter is needed.
 */
export class Downsampler {
  constructor(inputRate, outputRate = LINE_RATE) {
    const cutoff = outputRate * 0.425;
    this.filters = inputRate > outputRate ? [new LowPass(inputRate, cutoff), new LowPass(inputRate, cutoff)] : [];
    this.resampler = new LinearResampler(inputRate, outputRate);
  }

  /** Resamples a block; the input is not changed. */
  process(input) {
    if (this.filters.length === 0) {
      return this.resampler.process(input);
    }
    const copy = Float32Array.from(input);
    for (const filter of this.filters) {
      filter.process(copy);
    }
    return this.resampler.process(copy);
  }
}

/** Float samples (-1..1, clipped beyond) as 16-bit signed little-endian PCM. */
export function floatToPcm16(samples) {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] || 0));
    view.setInt16(i * 2, s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff), true);
  }
  return bytes;
}

/** 16-bit signed little-endian PCM as float samples; an odd last byte is ignored. */
export function pcm16ToFloat(bytes) {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const samples = new Float32Array(data.byteLength >> 1);
  for (let i = 0; i < samples.length; i++) {
    samples[i] = view.getInt16(i * 2, true) / 0x8000;
  }
  return samples;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) {
  DECODE[ALPHABET.charCodeAt(i)] = i;
}

/** Standard base64 with padding, as Exotel's payloads are. */
export function bytesToBase64(bytes) {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + '==';
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + '=';
  }
  return out;
}

/** Decodes base64 (padding optional, URL-safe letters taken too); throws on any other character. */
export function base64ToBytes(text) {
  const clean = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const digit = code < 128 ? DECODE[code] : -1;
    if (digit < 0) {
      throw new Error('not base64');
    }
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/** Collects float samples and hands over whole chunks of {@link CHUNK_SAMPLES}. */
export class Chunker {
  constructor(size = CHUNK_SAMPLES) {
    this.chunk = new Float32Array(size);
    this.filled = 0;
  }

  /** Adds samples; calls emit(Float32Array) with each chunk completed (the array is reused afterwards). */
  push(samples, emit) {
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(samples.length - offset, this.chunk.length - this.filled);
      this.chunk.set(samples.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.chunk.length) {
        emit(this.chunk);
        this.filled = 0;
      }
    }
  }
}
