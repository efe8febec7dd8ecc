package com.caly.voice;

/** The words the model is given. */
final class Prompt {

    private Prompt() {}

    /** The company's instructions with its facts, its hand-off rules and the languages its callers speak. */
    static String instructions(AgentSettings agent) {
        StringBuilder prompt = new StringBuilder(agent.instructions().strip());
        prompt.append("\n\nCallers speak: ")
                .append(String.join(", ", agent.languages()))
                .append(". Reply in the caller's language; Hinglish is normal.");
        if (!agent.businessFacts().isBlank()) {
            prompt.append("\n\nFacts about the business you may use:\n")
                    .append(agent.businessFacts().strip());
        }
        AgentSettings.HandoffRules rules = agent.handoffRules();
        if (agent.enabledTools().contains("escalate_to_human")) {
            prompt.append("\n\nHand the call to a person with escalate_to_human");
            if (rules.onRequest()) {
                prompt.append(" as soon as the caller asks for one");
            }
            if (!rules.topics().isEmpty()) {
                prompt.append(", and whenever the call is about: ").append(String.join("; ", rules.topics()));
            }
            prompt.append(".");
        }
        return prompt.toString();
    }
}
