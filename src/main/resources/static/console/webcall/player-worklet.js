// The agent's voice in a web call, in the audio thread: 16-bit 8 kHz PCM from the line, upsampled to the
// context's rate and played from a queue. The queue is a small jitter buffer: after it runs dry, playing resumes
// once 80 ms are queued, or at once when a mark follows (the utterance is all there). A mark is posted back to
// the page when every sample queued before it has played, as Exotel echoes marks; a clear drops everything
// queued, marks included, at once.
import { LINE_RATE, LinearResampler, pcm16ToFloat } from './pcm.js';

const PREBUFFER_SECONDS = 0.08;

class PlayerProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.resampler = new LinearResampler(LINE_RATE, sampleRate);
    this.queue = []; // {samples, offset} or {mark}
    this.queued = 0; // samples queued
    this.playing = false;
    this.stopped = false;
    this.port.onmessage = (event) => this.receive(event.data || {});
  }

  receive(message) {
    if (message.type === 'audio') {
      const samples = this.resampler.process(pcm16ToFloat(new Uint8Array(message.pcm)));
      if (samples.length > 0) {
        this.queue.push({ samples, offset: 0 });
        this.queued += samples.length;
      }
    } else if (message.type === 'mark') {
      this.queue.push({ mark: String(message.name) });
      this.markHeard();
    } else if (message.type === 'clear') {
      this.queue = [];
      this.queued = 0;
      this.playing = false;
      this.resampler = new LinearResampler(LINE_RATE, sampleRate);
    } else if (message.type === 'stop') {
      this.stopped = true;
    }
  }

  /** Posts the marks at the head of the queue: the audio before them has played. */
  markHeard() {
    while (this.queue.length > 0 && this.queue[0].mark !== undefined) {
      this.port.postMessage({ type: 'mark', name: this.queue.shift().mark });
    }
  }

  process(inputs, outputs) {
    if (this.stopped) {
      return false;
    }
    const out = outputs[0][0];
    if (!this.playing) {
      const complete = this.queue.some((entry) => entry.mark !== undefined);
      if (this.queued >= PREBUFFER_SECONDS * sampleRate || (complete && this.queued > 0)) {
        this.playing = true;
      }
    }
    let written = 0;
    while (this.playing && written < out.length && this.queue.length > 0) {
      const head = this.queue[0];
      if (head.mark !== undefined) {
        this.markHeard();
        continue;
      }
      const take = Math.min(out.length - written, head.samples.length - head.offset);
      out.set(head.samples.subarray(head.offset, head.offset + take), written);
      head.offset += take;
      written += take;
      this.queued -= take;
      if (head.offset === head.samples.length) {
        this.queue.shift();
      }
    }
    this.markHeard();
    if (written < out.length) {
      out.fill(0, written);
      if (this.queued === 0) {
        this.playing = false; // ran dry: buffer again before playing on
      }
    }
    for (let c = 1; c < outputs[0].length; c++) {
      outputs[0][c].set(out);
    }
    return true;
  }
}

registerProcessor('caly-player', PlayerProcessor);
