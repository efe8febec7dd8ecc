// The microphone's side of a web call, in the audio thread: the context's rate (48 kHz typically, any rate)
// down to the line's 8 kHz, packed as 16-bit little-endian PCM, posted to the page in 100 ms chunks of 1,600
// bytes. Muted, it sends silence: the stream and the recording keep their time.
import { CHUNK_SAMPLES, Chunker, Downsampler, LINE_RATE, floatToPcm16 } from './pcm.js';

class MicProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const target = (options && options.processorOptions && options.processorOptions.targetRate) || LINE_RATE;
    // sampleRate: the context's, a global of the worklet scope
    this.downsampler = new Downsampler(sampleRate, target);
    this.chunker = new Chunker(target === LINE_RATE ? CHUNK_SAMPLES : target / 10);
    this.muted = false;
    this.stopped = false;
    this.port.onmessage = (event) => {
      const message = event.data || {};
      if (message.type === 'mute') {
        this.muted = Boolean(message.muted);
      } else if (message.type === 'stop') {
        this.stopped = true;
      }
    };
  }

  process(inputs) {
    if (this.stopped) {
      return false;
    }
    const input = inputs[0];
    const channel = input && input[0];
    if (!channel) {
      return true; // no microphone frames this quantum (the track is starting or ended)
    }
    const block = this.muted ? new Float32Array(channel.length) : channel;
    this.chunker.push(this.downsampler.process(block), (chunk) => {
      const bytes = floatToPcm16(chunk);
      this.port.postMessage(bytes.buffer, [bytes.buffer]);
    });
    return true;
  }
}

registerProcessor('caly-mic', MicProcessor);
