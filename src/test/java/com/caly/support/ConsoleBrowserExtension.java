package com.caly.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Gives a test method a {@link ConsoleBrowser} parameter on the application its Spring test context started, and
 * always quits it afterwards, however the test ended. A test that passed is then also checked for console errors
 * and failed requests it did not expect; one that failed leaves a screenshot {@code failed-<test>.png} and the
 * browser's console in its report.
 */
public final class ConsoleBrowserExtension implements ExecutionCondition, ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ConsoleBrowserExtension.class);

    /**
     * Skips the tests where the browser is not installed, with the reason, but not in CI: there opening the browser
     * fails them. (An assumption failing while JUnit resolves a parameter would fail the test instead of skipping it.)
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return ConsoleBrowser.missing()
                .filter(reason -> !ConsoleBrowser.inCi())
                .map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("the browser is installed, or this is CI"));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ConsoleBrowser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        int port = SpringExtension.getApplicationContext(context)
                .getEnvironment()
                .getRequiredProperty("local.server.port", Integer.class);
        ConsoleBrowser.Options options = ConsoleBrowser.Options.defaults();
        Optional<FakeMicrophone> microphone = parameter
                .findAnnotation(FakeMicrophone.class)
                .or(() -> AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), FakeMicrophone.class))
                .or(() -> AnnotationSupport.findAnnotation(context.getRequiredTestClass(), FakeMicrophone.class));
        if (microphone.isPresent()) {
            String wav = microphone.get().value();
            options = options.withFakeMicrophone(wav.isEmpty() ? tone() : Path.of(wav));
        }
        ConsoleBrowser browser = ConsoleBrowser.open(port, clientAddress(), options);
        context.getStore(NAMESPACE).put(parameter.getIndex(), new Opened(browser));
        return browser;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        int parameters = context.getRequiredTestMethod().getParameterCount();
        for (int index = 0; index < parameters; index++) {
            Opened opened = store.get(index, Opened.class);
            if (opened == null) {
                continue;
            }
            ConsoleBrowser browser = opened.browser();
            if (context.getExecutionException().isPresent()) {
                browser.failureScreenshot(
                        context.getRequiredTestClass().getSimpleName() + "-" + context.getDisplayName());
                System.err.println("Browser of " + context.getDisplayName() + ":\n" + browser.report());
            } else {
                browser.assertNoConsoleErrorsOrFailedRequests();
            }
        }
    }

    /** Closed by JUnit with the test's store, after every callback, also when the test or a callback failed. */
    private record Opened(ConsoleBrowser browser) implements AutoCloseable {
        @Override
        public void close() {
            browser.close();
        }
    }

    /** An address of its own for each browser, as each {@link IntegrationTest} has (from another range). */
    private static String clientAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "198.18." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    private static synchronized Path tone() {
        Path file = Path.of("target", "console-browser", "tone-440hz.wav");
        if (!Files.exists(file)) {
            ConsoleBrowser.writeTone(file);
        }
        return file;
    }
}
