package com.caly.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WebhookTargetPolicyTests {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Map<String, String> DNS = Map.of(
            "hooks.example.com", "93.184.216.34",
            "internal.example.com", "10.20.30.40",
            "metadata.example.com", "169.254.169.254",
            "mapped.example.com", "::ffff:127.0.0.1");

    private static WebhookTargetPolicy policy(boolean production, List<String> allowed) {
        return new WebhookTargetPolicy(production, allowed, host -> {
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return new InetAddress[] {ip(host)}; // a literal, as the JDK answers without asking DNS
            }
            String address = DNS.get(host);
            if (address == null) {
                throw new IllegalStateException("unknown host " + host);
            }
            return new InetAddress[] {ip(address)};
        });
    }

    @Test
    void acceptsAnHttpsUrlThatResolvesToPublicAddresses() throws Exception {
        assertThat(policy(true, List.of())
                        .check("https://hooks.example.com/caly?x=1")
                        .toString())
                .isEqualTo("https://hooks.example.com/caly?x=1");
    }

    @Test
    void refusesPlainHttpInProductionButNotInDevelopment() throws Exception {
        assertThatThrownBy(() -> policy(true, List.of()).check("http://hooks.example.com/caly"))
                .hasMessageContaining("https");
        assertThat(policy(false, List.of()).check("http://hooks.example.com/caly"))
                .isNotNull();
    }

    @Test
    void refusesNamesThatResolveToNonPublicAddresses() {
        WebhookTargetPolicy policy = policy(false, List.of());
        for (String url : List.of(
                "https://internal.example.com/",
                "https://metadata.example.com/latest",
                "https://mapped.example.com/",
                "https://127.0.0.1/",
                "https://0.0.0.0/",
                "https://[::]/",
                "https://[fe80::1]/",
                "https://172.16.5.4/",
                "https://198.18.0.1/",
                "https://224.0.0.1/")) {
            assertThatThrownBy(() -> policy.check(url)).as(url).hasMessageContaining("non-public");
        }
        assertThatThrownBy(() -> policy.check("https://nowhere.example.com/")).hasMessageContaining("does not resolve");
    }

    @Test
    void allowsOnlyTheExactListedOriginsToBePrivate() throws Exception {
        WebhookTargetPolicy policy = policy(true, List.of("http://10.20.30.40:8080", " https://internal.example.com "));
        assertThat(policy.check("http://10.20.30.40:8080/hook")).isNotNull();
        assertThat(policy.check("https://internal.example.com/hook")).isNotNull();
        assertThat(policy.check("https://INTERNAL.example.com:443/hook")).isNotNull();
        assertThatThrownBy(() -> policy.check("http://10.20.30.40:8081/hook")).hasMessageContaining("https");
        assertThatThrownBy(() -> policy.check("https://10.20.30.40:8080/hook")).hasMessageContaining("non-public");
    }

    @Test
    void refusesWhatIsNotAPlainAbsoluteHttpUrl() {
        WebhookTargetPolicy policy = policy(false, List.of());
        assertThatThrownBy(() -> policy.check("ftp://hooks.example.com/")).hasMessageContaining("http");
        assertThatThrownBy(() -> policy.check("//hooks.example.com/")).hasMessageContaining("http");
        assertThatThrownBy(() -> policy.check("https://u:p@hooks.example.com/")).hasMessageContaining("password");
        assertThatThrownBy(() -> policy.check("https://hooks.example.com/#frag"))
                .hasMessageContaining("fragment");
        assertThatThrownBy(() -> policy.check("https:///path"))
                .isInstanceOf(WebhookTargetPolicy.RefusedException.class);
        assertThatThrownBy(() -> policy.check("https://hooks example.com/")).hasMessageContaining("not a URL");
    }

    @Test
    void checksTheAnswerAgainAtEachAttemptSoANameThatTurnsPrivateIsRefused() throws Exception {
        AtomicReference<String> answer = new AtomicReference<>("93.184.216.34");
        WebhookTargetPolicy policy =
                new WebhookTargetPolicy(true, List.of(), host -> new InetAddress[] {ip(answer.get())});
        assertThat(policy.check("https://rebinding.example.com/")).isNotNull();
        answer.set("127.0.0.1");
        assertThatThrownBy(() -> policy.check("https://rebinding.example.com/")).hasMessageContaining("127.0.0.1");
    }
}
