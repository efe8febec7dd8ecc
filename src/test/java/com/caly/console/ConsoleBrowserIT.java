package com.caly.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.caly.support.ConsoleBrowser;
import com.caly.support.ConsoleBrowserExtension;
import com.caly.support.FakeMicrophone;
import com.caly.support.IntegrationTest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The browser tests' own instrument: that it sees what the developer tools would show, so that a console screen
 * passing its check means something.
 */
class ConsoleBrowserIT extends IntegrationTest {

    @Test
    void seesConsoleErrorsFailedRequestsAndPolicyViolations() {
        try (ConsoleBrowser browser = ConsoleBrowser.open(port, randomIp(), ConsoleBrowser.Options.defaults())) {
            browser.open("/sign-in");
            browser.waitForScreen("Sign in");
            browser.assertNoConsoleErrorsOrFailedRequests();

            browser.script("console.error('a deliberate console error');");
            browser.script("setTimeout(() => { throw new Error('a deliberate uncaught error'); });");
            // the console's policy allows no inline script
            browser.script("const s = document.createElement('script'); s.textContent = 'window.inlined = true';"
                    + " document.body.append(s);");
            browser.driver()
                    .executeAsyncScript("const done = arguments[arguments.length - 1];"
                            + " fetch('/console/no-such-module.js').then(() => done(true));");

            browser.waitUntil(d -> browser.consoleErrors().size() >= 4);
            assertThat(String.join("\n", browser.consoleErrors()))
                    .contains("a deliberate console error")
                    .contains("a deliberate uncaught error")
                    .contains("Content Security Policy")
                    .contains("/console/no-such-module.js");
            assertThat(browser.script("return window.inlined === true;")).isEqualTo(false);
            assertThat(browser.failedRequests())
                    .extracting(ConsoleBrowser.FailedRequest::status, ConsoleBrowser.FailedRequest::method)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(404, "GET"));
            assertThatThrownBy(browser::assertNoConsoleErrorsOrFailedRequests)
                    .hasMessageContaining("a deliberate console error");

            // an expected answer is no failure, neither as a request nor as the browser's line about it
            browser.expectFailure(404, "/console/no-such-module.js");
            assertThatThrownBy(browser::assertNoConsoleErrorsOrFailedRequests)
                    .hasMessageNotContaining("no-such-module")
                    .hasMessageContaining("a deliberate console error");
        }
    }

    @Test
    void takesScreenshotsAtTheDesktopAndPhoneSizes() throws IOException {
        try (ConsoleBrowser browser = ConsoleBrowser.open(port, randomIp(), ConsoleBrowser.Options.defaults())) {
            browser.open("/sign-up");
            browser.waitForScreen("Create your account");

            List<Path> files = browser.screenshot("Instrument check");

            assertThat(files)
                    .containsExactly(
                            ConsoleBrowser.SCREENSHOTS.resolve("instrument-check-1280x800.png"),
                            ConsoleBrowser.SCREENSHOTS.resolve("instrument-check-390x844.png"));
            BufferedImage desktop = ImageIO.read(files.get(0).toFile());
            BufferedImage phone = ImageIO.read(files.get(1).toFile());
            assertThat(List.of(desktop.getWidth(), desktop.getHeight())).containsExactly(1280, 800);
            assertThat(List.of(phone.getWidth(), phone.getHeight())).containsExactly(390, 844);
            assertThat(browser.script("return [window.innerWidth, window.innerHeight];"))
                    .isEqualTo(List.of(1280L, 800L));
            browser.assertNoConsoleErrorsOrFailedRequests();
        }
    }

    @Test
    @FakeMicrophone
    @ExtendWith(ConsoleBrowserExtension.class)
    void aFakeMicrophoneIsGrantedWithoutAPrompt(ConsoleBrowser browser) {
        browser.open("/sign-in");
        browser.waitForScreen("Sign in");

        Object microphone = browser.driver()
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + " navigator.mediaDevices.getUserMedia({ audio: true })"
                        + ".then((stream) => done(stream.getAudioTracks()[0].readyState))"
                        + ".catch((e) => done('refused: ' + e.name));");

        assertThat(microphone).isEqualTo("live");
    }
}
