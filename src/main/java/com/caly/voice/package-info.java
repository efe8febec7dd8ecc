/**
 * The AI voice agent: each company's agent settings, and the bridge between a live call and OpenAI's realtime
 * model (audio both ways, barge-in, tools, transcripts, latency and cost). It provides telephony's
 * {@code VoiceAgentGateway}.
 */
@NullMarked
package com.caly.voice;

import org.jspecify.annotations.NullMarked;
