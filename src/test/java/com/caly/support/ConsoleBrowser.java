package com.caly.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The console in a real browser: Debian's headless Chromium driven through its chromium-driver, on the application
 * at {@code http://localhost:<port>} (localhost, so that the browser treats the page as a secure context and keeps
 * the Secure refresh cookie over plain HTTP). It records what a person would see in the developer tools: console
 * errors and requests that failed, and {@link #assertNoConsoleErrorsOrFailedRequests()} fails on any that the test
 * did not {@linkplain #expectFailure(int, String) provoke on purpose}.
 *
 * <p>The driver and browser are the system's ({@code CHROMIUM}, {@code CHROMEDRIVER} override the paths), never a
 * download: with both paths given, Selenium Manager is not consulted. Where they are missing, {@link #open} skips
 * the test, except in CI ({@code CI=true}), where it fails it.
 */
public final class ConsoleBrowser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER =
            Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    public static final Dimension DESKTOP = new Dimension(1280, 800);
    public static final Dimension PHONE = new Dimension(390, 844);
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    public static final Duration WAIT = Duration.ofSeconds(15);

    private static final Path PROFILES = Path.of("target", "console-browser");
    private static final Pattern FAILED_RESOURCE =
            Pattern.compile("^(\\S+) - Failed to load resource: the server responded with a status of (\\d+)");

    /** A request the browser made that did not succeed: a status of 400 or more, or no answer at all. */
    public record FailedRequest(String method, String url, int status, String error) {
        @Override
        public String toString() {
            return method + " " + url + " -> " + (status > 0 ? Integer.toString(status) : error);
        }
    }

    /** What the browser is started with: the fake microphone for a test call, when one is given. */
    public record Options(Path fakeMicrophone) {
        public static Options defaults() {
            return new Options(null);
        }

        /**
         * A microphone that plays the WAV file (16-bit PCM) as the caller's voice; camera and microphone prompts are
         * granted without asking, and audio may play without a click.
         */
        public Options withFakeMicrophone(Path wav) {
            return new Options(wav);
        }
    }

    private record Expected(int status, String path) {}

    private final int port;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;
    private final List<String> consoleErrors = new ArrayList<>();
    private final List<FailedRequest> failedRequests = new ArrayList<>();
    private final List<Expected> expected = new ArrayList<>();
    private final Map<String, String[]> requests = new HashMap<>();

    private ConsoleBrowser(int port, ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.port = port;
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    /** A browser on the console of the application on the port, its requests coming from the given address. */
    public static ConsoleBrowser open(int port, String clientAddress, Options options) {
        requireBrowser();
        Path profile = newProfile();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, chromeOptions(profile, options));
        } catch (RuntimeException e) {
            service.stop();
            deleteQuietly(profile);
            throw e;
        }
        ConsoleBrowser browser = new ConsoleBrowser(port, service, driver, profile);
        try {
            browser.start(clientAddress);
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
        return browser;
    }

    private static void requireBrowser() {
        Optional<String> missing = missing();
        if (missing.isEmpty()) {
            return;
        }
        if (inCi()) {
            throw new IllegalStateException(missing.get());
        }
        Assumptions.abort(missing.get());
    }

    /** Why the browser tests cannot run here: chromium or chromium-driver is not installed. */
    static Optional<String> missing() {
        return Stream.of(CHROMIUM, CHROMEDRIVER)
                .filter(path -> !Files.isExecutable(path))
                .map(Path::toString)
                .reduce((a, b) -> a + " and " + b)
                .map(paths -> "The browser tests need Debian's chromium and chromium-driver (" + paths
                        + " not found); `apt-get install chromium chromium-driver`, or bash .ci/run, installs them");
    }

    /** In CI a missing browser fails the browser tests: skipped there, they would pass without having run. */
    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static ChromeOptions chromeOptions(Path profile, Options options) {
        ChromeOptions chrome = new ChromeOptions();
        chrome.setBinary(CHROMIUM.toFile());
        chrome.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--disable-features=Translate,OptimizationHints,MediaRouter",
                "--password-store=basic",
                "--lang=en-GB",
                "--window-size=" + DESKTOP.width + "," + DESKTOP.height,
                "--user-data-dir=" + profile.toAbsolutePath());
        if (options.fakeMicrophone() != null) {
            chrome.addArguments(
                    "--use-fake-ui-for-media-stream",
                    "--use-fake-device-for-media-stream",
                    "--use-file-for-fake-audio-capture="
                            + options.fakeMicrophone().toAbsolutePath(),
                    "--autoplay-policy=no-user-gesture-required");
        }
        // what the developer tools would show: the console, and every request with its answer
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        chrome.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        chrome.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
        return chrome;
    }

    private void start(String clientAddress) {
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        // Each browser has an address of its own, as each HTTP test has: the per-address limits on the public auth
        // endpoints then count one test's requests only. The address reaches the server as a trusted proxy's header.
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand(
                "Network.setExtraHTTPHeaders", Map.of("headers", Map.of("X-Forwarded-For", clientAddress)));
        // the desktop size throughout, but while a screenshot shows the phone's
        viewport(DESKTOP, false);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /**
     * Opens the console at a route ({@code /sign-in}, {@code /verify?email=...}). On a page that is the console
     * already, only the route changes, as a link would change it; {@link #reload()} is the way to start afresh.
     */
    public void open(String route) {
        driver.get(baseUrl() + "/#" + route);
    }

    /** Reloads the page as the browser's reload button does: the in-memory state of the console is lost. */
    public void reload() {
        driver.navigate().refresh();
    }

    /** The route the console shows: {@code /sign-in} for {@code http://localhost:1234/#/sign-in}. */
    public String route() {
        String fragment = URI.create(driver.getCurrentUrl()).getRawFragment();
        return fragment == null ? "" : fragment;
    }

    public <T> T waitUntil(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    public WebElement waitForVisible(By locator) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    public void waitForInvisible(By locator) {
        waitUntil(ExpectedConditions.invisibilityOfElementLocated(locator));
    }

    /** Waits until the console shows the route (the part after {@code #}, with its query). */
    public void waitForRoute(String route) {
        waitUntil(d -> route.equals(route()));
    }

    /** Waits for a screen to have rendered: its heading has the text and the console is not loading any more. */
    public WebElement waitForScreen(String heading) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//main//h1[normalize-space()=" + xpathLiteral(heading) + "]")));
    }

    /** The form with the accessible name ({@code aria-label}), once visible. */
    public WebElement form(String name) {
        return waitForVisible(By.cssSelector("form[aria-label=" + cssLiteral(name) + "]"));
    }

    /** Types into the form's field of that name, replacing what was there. */
    public void fill(WebElement form, String name, String value) {
        WebElement input = form.findElement(By.name(name));
        input.clear();
        input.sendKeys(value);
    }

    /**
     * Submits the form by its submit button and waits until the console has finished with it: the form is busy
     * ({@code aria-busy}) while its request runs, and gone when the console moved on to another screen.
     */
    public void submit(WebElement form) {
        form.findElement(By.cssSelector("button[type=submit]")).click();
        waitUntil(d -> {
            try {
                return form.getDomAttribute("aria-busy") == null;
            } catch (StaleElementReferenceException gone) {
                return true;
            }
        });
    }

    public Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    /**
     * Allows one answer that the test provokes on purpose (a wrong password's 401, a validation 400): a request to
     * the path (any query) answered with the status is then no failure.
     */
    public ConsoleBrowser expectFailure(int status, String path) {
        expected.add(new Expected(status, path));
        return this;
    }

    /** The console errors so far, as the developer tools' console shows them. */
    public List<String> consoleErrors() {
        collect();
        return List.copyOf(consoleErrors);
    }

    /** The requests that failed so far. */
    public List<FailedRequest> failedRequests() {
        collect();
        return List.copyOf(failedRequests);
    }

    /** Fails when the console logged an error or a request failed, other than the answers the test expects. */
    public void assertNoConsoleErrorsOrFailedRequests() {
        collect();
        List<String> errors =
                consoleErrors.stream().filter(error -> !expectedMessage(error)).toList();
        List<FailedRequest> failures =
                failedRequests.stream().filter(request -> !isExpected(request)).toList();
        assertThat(errors).as("console errors on %s", baseUrl()).isEmpty();
        assertThat(failures).as("failed requests on %s", baseUrl()).isEmpty();
    }

    /**
     * Screenshots of what the page shows now, at a desktop's 1280x800 and a phone's 390x844, as
     * {@code target/console-screenshots/<name>-1280x800.png} and {@code <name>-390x844.png}. The page is left at the
     * desktop size.
     */
    public List<Path> screenshot(String name) {
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(SCREENSHOTS);
            files.add(capture(name, DESKTOP, false));
            files.add(capture(name, PHONE, true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            viewport(DESKTOP, false);
        }
        return files;
    }

    private Path capture(String name, Dimension size, boolean mobile) throws IOException {
        viewport(size, mobile);
        // two frames: the layout for the new width is painted before the capture
        ((JavascriptExecutor) driver)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + " requestAnimationFrame(() => requestAnimationFrame(() => done(true)));");
        Path file = SCREENSHOTS.resolve(fileName(name) + "-" + size.width + "x" + size.height + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** Sets the page's viewport itself, not the window around it: a headless window is larger than its viewport. */
    private void viewport(Dimension size, boolean mobile) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of(
                        "width",
                        size.width,
                        "height",
                        size.height,
                        "screenWidth",
                        size.width,
                        "screenHeight",
                        size.height,
                        "deviceScaleFactor",
                        1,
                        "mobile",
                        mobile));
        waitUntil(d -> viewportIs(size));
    }

    /** The phone's viewport (mobile emulation), until {@link #desktop()}: to look at a screen as a phone shows it. */
    public void phone() {
        viewport(PHONE, true);
    }

    public void desktop() {
        viewport(DESKTOP, false);
    }

    /**
     * Whether the emulation took: the screen's size, which a page wider than a phone does not change (a mobile
     * layout viewport grows to the page's width).
     */
    private boolean viewportIs(Dimension size) {
        Object matches = script(
                "return screen.width === arguments[0] && screen.height === arguments[1];", size.width, size.height);
        return Boolean.TRUE.equals(matches);
    }

    /** A screenshot of the desktop size only, for a failing test: what the page showed when it failed. */
    void failureScreenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(
                    SCREENSHOTS.resolve("failed-" + fileName(name) + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException | RuntimeException e) {
            // the test's own failure is what matters
        }
    }

    /** The console log and failed requests, for a failing test's report. */
    String report() {
        try {
            collect();
        } catch (RuntimeException e) {
            return "(the browser's logs could not be read: " + e.getMessage() + ")";
        }
        return "route: " + route() + "\nconsole errors: " + consoleErrors + "\nfailed requests: " + failedRequests;
    }

    private boolean isExpected(FailedRequest request) {
        return expected.stream()
                .anyMatch(e -> e.status() == request.status() && e.path().equals(pathOf(request.url())));
    }

    /** The browser's own line for an expected failed request ("... Failed to load resource: ... status of 401"). */
    private boolean expectedMessage(String error) {
        Matcher matcher = FAILED_RESOURCE.matcher(error);
        return matcher.find()
                && expected.stream()
                        .anyMatch(e -> e.status() == Integer.parseInt(matcher.group(2))
                                && e.path().equals(pathOf(matcher.group(1))));
    }

    private static String pathOf(String url) {
        try {
            String path = URI.create(url).getRawPath();
            return path == null ? url : path;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    /** Drains the driver's logs into this browser's lists; the driver hands out each entry once. */
    private void collect() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                consoleErrors.add(entry.getMessage());
            }
        }
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            network(ApiClient.JSON.readTree(entry.getMessage()).path("message"));
        }
    }

    private void network(JsonNode event) {
        JsonNode params = event.path("params");
        String id = params.path("requestId").asString("");
        switch (event.path("method").asString("")) {
            case "Network.requestWillBeSent" ->
                requests.put(id, new String[] {
                    params.path("request").path("method").asString(),
                    params.path("request").path("url").asString()
                });
            case "Network.responseReceived" -> {
                int status = params.path("response").path("status").asInt();
                String url = params.path("response").path("url").asString();
                if (status >= 400 && url.startsWith("http")) {
                    failedRequests.add(new FailedRequest(method(id), url, status, ""));
                }
            }
            case "Network.loadingFailed" -> {
                String[] request = requests.getOrDefault(id, new String[] {"?", "?"});
                // a request the page itself gave up (a reload, an aborted fetch) is no failure of the server
                boolean canceled = params.path("canceled").asBoolean(false);
                if (!canceled && request[1].startsWith("http")) {
                    failedRequests.add(new FailedRequest(
                            request[0], request[1], 0, params.path("errorText").asString("")));
                }
            }
            default -> {
                // other events tell nothing about failures
            }
        }
    }

    private String method(String id) {
        String[] request = requests.get(id);
        return request == null ? "?" : request[0];
    }

    /** Writes two seconds of a 440 Hz tone, 16-bit mono PCM at 16 kHz: a fake microphone loops such a file. */
    public static void writeTone(Path file) {
        int rate = 16_000;
        int samples = rate * 2;
        ByteBuffer wav = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2);
        wav.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        wav.putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2);
        wav.putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            wav.putShort((short) (Math.sin(2 * Math.PI * 440 * i / rate) * 8_000));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, wav.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fileName(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    }

    private static String xpathLiteral(String text) {
        return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
    }

    private static String cssLiteral(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Path newProfile() {
        try {
            Files.createDirectories(PROFILES);
            return Files.createTempDirectory(PROFILES.toAbsolutePath(), "profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Quits the browser and its driver, whatever state they are in, and removes the browser's profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } catch (RuntimeException e) {
            // the driver may already be gone; the service is stopped below either way
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a profile left in target/ is harmless
        }
    }
}
