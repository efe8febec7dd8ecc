package com.caly.voice.conversation;

import com.caly.voice.realtime.ServerEvents;

/** What a call counts: the model's tokens, how the caller and the agent took turns, and what could not be read. */
public final class CallCounts {

    private long inputText;
    private long inputAudio;
    private long inputCached;
    private long outputText;
    private long outputAudio;
    private int interruptions;
    private int backchannels;
    private int pauses;
    private int resumes;
    private int malformed;

    public void usage(ServerEvents.Usage usage) {
        inputText += usage.inputText();
        inputAudio += usage.inputAudio();
        inputCached += usage.inputCached();
        outputText += usage.outputText();
        outputAudio += usage.outputAudio();
    }

    public void interruption() {
        interruptions++;
    }

    public void backchannel() {
        backchannels++;
    }

    public void pause() {
        pauses++;
    }

    public void resume() {
        resumes++;
    }

    public void malformedEvent() {
        malformed++;
    }

    public long inputText() {
        return inputText;
    }

    public long inputAudio() {
        return inputAudio;
    }

    public long inputCached() {
        return inputCached;
    }

    public long outputText() {
        return outputText;
    }

    public long outputAudio() {
        return outputAudio;
    }

    public int interruptions() {
        return interruptions;
    }

    public int backchannels() {
        return backchannels;
    }

    public int pauses() {
        return pauses;
    }

    public int resumes() {
        return resumes;
    }

    public int malformed() {
        return malformed;
    }
}
