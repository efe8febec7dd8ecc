package com.caly.telephony.exotel;

import com.caly.calls.CallId;
import com.caly.calls.CallService;
import com.caly.shared.TenantId;
import com.caly.shared.live.CallLoop;
import com.caly.telephony.VoiceAgentGateway;
import org.springframework.web.socket.CloseStatus;

/**
 * What the agent asks of the call, carried out on the call's loop. A call from another thread (an agent that runs
 * its own threads) is posted to the loop; a pause so posted answers with the position of the last pause.
 */
final class AgentOutput implements VoiceAgentGateway.Listener {

    private final MediaSession session;
    private final CallLoop loop;
    private final CallService calls;
    private volatile long lastPause;

    AgentOutput(MediaSession session, CallService calls) {
        this.session = session;
        this.loop = session.loop();
        this.calls = calls;
    }

    @Override
    public void agentAudio(byte[] pcm) {
        if (!loop.inLoop()) {
            loop.post(() -> agentAudio(pcm));
            return;
        }
        AgentPlayback playback = session.playback();
        if (playback != null) {
            playback.add(pcm);
        }
    }

    @Override
    public void clear() {
        if (!loop.inLoop()) {
            loop.post(this::clear);
            return;
        }
        AgentPlayback playback = session.playback();
        if (playback != null) {
            playback.clear();
        }
    }

    @Override
    public long pause() {
        if (!loop.inLoop()) {
            loop.post(this::pause);
            return lastPause;
        }
        AgentPlayback playback = session.playback();
        if (playback != null) {
            lastPause = playback.pause();
        }
        return lastPause;
    }

    @Override
    public void resume() {
        if (!loop.inLoop()) {
            loop.post(this::resume);
            return;
        }
        AgentPlayback playback = session.playback();
        if (playback != null) {
            playback.resume();
        }
    }

    @Override
    public void end(String reason, boolean toHuman) {
        if (!loop.inLoop()) {
            loop.post(() -> end(reason, toHuman));
            return;
        }
        TenantId company = session.companyId();
        CallId call = session.callId();
        // the agent's reason is the call's: ai_unavailable, max_call_length, an escalation's why
        String why = reason.length() <= 100 ? reason : reason.substring(0, 100);
        session.close(CloseStatus.NORMAL, toHuman ? "handoff" : reason, () -> {
            if (company != null && call != null) {
                calls.setEndReason(company, call, why, toHuman);
            }
        });
    }
}
