// A test call with the company's agent from the browser: the microphone streams to the agent through the same
// live-call path a phone call takes. POST /api/web-calls records the call and returns a one-time ticket; the
// stream at /media/web speaks Exotel's protocol (connected, start, media, stop from here; media, mark and clear
// from the agent), with audio as 16-bit little-endian PCM at 8 kHz in base64.
//
//   const call = await startWebCall({ accessToken, onState, onError, onTranscript });
//   call.muted(true); call.hangUp();
//
// onState(state, detail): 'microphone' (asking for it), 'connecting', 'live', then 'speaking' and 'listening' as
// the agent is heard and stops, and 'ended' ({code, reason}).
// onError(error): an Error with `problem` (the RFC 9457 body) when the API refused, or `code` for the stream.
// onTranscript(utterances): optional; the call's transcript so far, [{speaker, text, ...}], as it is spoken.
import { bytesToBase64, base64ToBytes } from './pcm.js';

const TRANSCRIPT_POLL_MS = 1500;

class WebCallError extends Error {
  constructor(message, details = {}) {
    super(message);
    this.name = 'WebCallError';
    Object.assign(this, details);
  }
}

async function createCall(apiBase, accessToken) {
  const response = await fetch(`${apiBase}/api/web-calls`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
  });
  if (response.status !== 201) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      // not a problem body
    }
    throw new WebCallError((problem && (problem.detail || problem.title)) || `The call could not start (${response.status})`, {
      status: response.status,
      problem,
    });
  }
  return response.json();
}

/**
 * Starts a web call. Resolves once the call is connecting, with { callId, hangUp(), muted(bool) }; rejects (after
 * telling onError) when the microphone is refused, the API refuses the call or the audio cannot start.
 *
 * @param {object} options
 * @param {string} options.accessToken the signed-in member's access token
 * @param {(state: string, detail?: object) => void} [options.onState]
 * @param {(error: Error) => void} [options.onError]
 * @param {(utterances: object[]) => void} [options.onTranscript]
 * @param {string} [options.apiBase] where the API is ('' : this page's origin)
 */
export async function startWebCall({ accessToken, onState = () => {}, onError = () => {}, onTranscript, apiBase = '' }) {
  let microphone;
  let context;
  try {
    onState('microphone');
    microphone = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
      video: false,
    });
    context = new AudioContext({ latencyHint: 'interactive' });
    await Promise.all([
      context.audioWorklet.addModule(new URL('./mic-worklet.js', import.meta.url)),
      context.audioWorklet.addModule(new URL('./player-worklet.js', import.meta.url)),
    ]);
    await context.resume();
  } catch (cause) {
    stopTracks(microphone);
    if (context) {
      context.close().catch(() => {});
    }
    const error =
      cause instanceof WebCallError ? cause : new WebCallError(`The microphone could not start: ${cause.message}`, { cause });
    onError(error);
    throw error;
  }

  let started;
  try {
    started = await createCall(apiBase, accessToken);
  } catch (error) {
    stopTracks(microphone);
    context.close().catch(() => {});
    onError(error);
    throw error;
  }

  const { callId, streamUrl, ticket } = started;
  const streamSid = `web-${callId}`;
  const source = context.createMediaStreamSource(microphone);
  const mic = new AudioWorkletNode(context, 'caly-mic', {
    numberOfInputs: 1,
    numberOfOutputs: 1,
    outputChannelCount: [1],
    processorOptions: { targetRate: started.sampleRate || 8000 },
  });
  // the microphone is pulled through the graph but never heard here
  const sink = context.createGain();
  sink.gain.value = 0;
  source.connect(mic).connect(sink).connect(context.destination);
  const player = new AudioWorkletNode(context, 'caly-player', { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [1] });
  player.connect(context.destination);

  let sequence = 0;
  let chunk = 0;
  let isMuted = false;
  let ended = false;
  let transcriptTimer = null;
  const socket = new WebSocket(`${streamUrl}?ticket=${encodeURIComponent(ticket)}`);
  const send = (message) => {
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ sequence_number: String(++sequence), stream_sid: streamSid, ...message }));
    }
  };

  onState('connecting', { callId });
  socket.onopen = () => {
    socket.send(JSON.stringify({ event: 'connected' }));
    send({
      event: 'start',
      start: {
        stream_sid: streamSid,
        call_sid: callId,
        account_sid: 'web',
        from: 'web',
        to: 'agent',
        media_format: { encoding: 'raw/slin', sample_rate: '8000', bit_rate: '128kbps' },
      },
    });
    onState('live', { callId });
    if (onTranscript) {
      pollTranscript();
    }
  };
  mic.port.onmessage = (event) => {
    send({
      event: 'media',
      media: { chunk: String(++chunk), timestamp: String((chunk - 1) * 100), payload: bytesToBase64(new Uint8Array(event.data)) },
    });
  };
  // Whether the agent is being heard: from its first audio until every mark sent after audio has played back
  // (or a clear dropped what was queued); 'speaking' and 'listening' are reported as states.
  let marksQueued = 0;
  let speaking = false;
  const agentSpeaking = (now) => {
    if (now === speaking || ended) return;
    speaking = now;
    onState(now ? 'speaking' : 'listening', { callId });
  };
  player.port.onmessage = (event) => {
    if (event.data && event.data.type === 'mark') {
      send({ event: 'mark', mark: { name: event.data.name } });
      marksQueued = Math.max(0, marksQueued - 1);
      if (marksQueued === 0) agentSpeaking(false);
    }
  };
  socket.onmessage = (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message.event === 'media' && message.media && message.media.payload) {
      const pcm = base64ToBytes(message.media.payload);
      const copy = pcm.slice().buffer;
      player.port.postMessage({ type: 'audio', pcm: copy }, [copy]);
      agentSpeaking(true);
    } else if (message.event === 'mark' && message.mark) {
      marksQueued += 1;
      player.port.postMessage({ type: 'mark', name: message.mark.name });
    } else if (message.event === 'clear') {
      marksQueued = 0;
      player.port.postMessage({ type: 'clear' });
      agentSpeaking(false);
    }
  };
  socket.onerror = () => {
    // the close that follows says how it ended
  };
  socket.onclose = (event) => {
    finish();
    if (event.code !== 1000 && event.code !== 1005) {
      onError(new WebCallError(event.reason || `The call's stream closed (${event.code})`, { code: event.code }));
    }
    onState('ended', { callId, code: event.code, reason: event.reason });
  };

  async function pollTranscript() {
    if (ended) {
      return;
    }
    try {
      const response = await fetch(`${apiBase}/api/calls/${callId}`, {
        headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
      });
      if (response.ok) {
        const detail = await response.json();
        onTranscript(detail.transcript || []);
      }
    } catch {
      // the next poll tries again
    }
    if (!ended) {
      transcriptTimer = setTimeout(pollTranscript, TRANSCRIPT_POLL_MS);
    }
  }

  function finish() {
    if (ended) {
      return;
    }
    ended = true;
    clearTimeout(transcriptTimer);
    mic.port.postMessage({ type: 'stop' });
    player.port.postMessage({ type: 'stop' });
    stopTracks(microphone);
    source.disconnect();
    context.close().catch(() => {});
    if (onTranscript) {
      // the last words, once the call has been written
      setTimeout(() => {
        fetch(`${apiBase}/api/calls/${callId}`, { headers: { Authorization: `Bearer ${accessToken}` } })
          .then((response) => (response.ok ? response.json() : null))
          .then((detail) => detail && onTranscript(detail.transcript || []))
          .catch(() => {});
      }, TRANSCRIPT_POLL_MS);
    }
  }

  return {
    callId,
    /** Ends the call: the agent is told the caller hung up, then the stream closes. */
    hangUp() {
      if (socket.readyState === WebSocket.OPEN) {
        send({ event: 'stop', stop: { call_sid: callId, account_sid: 'web', reason: 'callended' } });
        socket.close(1000, 'hung up');
      } else if (socket.readyState === WebSocket.CONNECTING) {
        socket.close();
      }
      finish();
    },
    /** Mutes or unmutes the microphone (silence is sent meanwhile); returns whether it is muted. */
    muted(value) {
      if (value !== undefined) {
        isMuted = Boolean(value);
        mic.port.postMessage({ type: 'mute', muted: isMuted });
        microphone.getAudioTracks().forEach((track) => {
          track.enabled = !isMuted;
        });
      }
      return isMuted;
    },
  };
}

function stopTracks(stream) {
  if (stream) {
    stream.getTracks().forEach((track) => track.stop());
  }
}
