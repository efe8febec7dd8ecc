package com.caly.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The console's files as the server serves them: public, compressed for a browser, under the strict policy. */
class ConsoleAssetsIT extends IntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesTheShellAndItsModulesWithoutATokenUnderTheStrictPolicy() throws Exception {
        HttpResponse<byte[]> shell = get("/");
        assertThat(shell.statusCode()).isEqualTo(200);
        assertThat(shell.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        String policy = shell.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy)
                .contains("script-src 'self'", "style-src 'self';", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        String html = new String(shell.body(), StandardCharsets.UTF_8);
        assertThat(html).contains("<script type=\"module\" src=\"/console/app.js\"></script>");
        assertThat(html).as("no inline script").doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");

        for (String module : new String[] {
            "/console/app.js", "/console/api.js", "/console/screens/calls.js", "/console/webcall/mic-worklet.js"
        }) {
            HttpResponse<byte[]> file = get(module);
            assertThat(file.statusCode()).as(module).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type"))
                    .as(module)
                    .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        }
        assertThat(get("/console/screens/no-such-screen.js").statusCode()).isEqualTo(404);
    }

    @Test
    void letsABrowserKeepTheFilesAndRevalidateThem() throws Exception {
        HttpResponse<byte[]> first = get("/console/app.js");
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String modified = first.headers().firstValue("Last-Modified").orElseThrow();
        HttpResponse<byte[]> again = get("/console/app.js", "If-Modified-Since", modified);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void compressesTheConsoleForABrowserButNotTheApi() throws Exception {
        HttpResponse<byte[]> plain = get("/console/console.css");
        HttpResponse<byte[]> zipped = get("/console/console.css", "Accept-Encoding", "gzip");
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] unzipped;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            unzipped = in.readAllBytes();
        }
        assertThat(unzipped).isEqualTo(plain.body());
        assertThat(zipped.body().length).isLessThan(plain.body().length / 2);

        HttpResponse<byte[]> json = get("/v3/api-docs", "Accept-Encoding", "gzip");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(ApiClient.JSON.readTree(json.body()).path("openapi").asString())
                .startsWith("3.");
    }
}
