package com.caly.voice.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the bytecode rules cannot see: no {@code synchronized} block on the live call's path. Its classes are the
 * conversation's parts and the classes that wire them to the line and the model.
 */
class LiveCallSourcesTests {

    private static final List<Path> LIVE_PATH = List.of(
            Path.of("src/main/java/com/caly/voice/conversation"),
            Path.of("src/main/java/com/caly/shared/live"),
            Path.of("src/main/java/com/caly/voice/LiveConversation.java"));

    @Test
    void nothingOnTheLiveCallPathSynchronizes() throws IOException {
        List<Path> sources = sources();
        assertThat(sources).hasSizeGreaterThan(10);
        for (Path source : sources) {
            assertThat(Files.readString(source))
                    .as(source.toString())
                    .doesNotContainPattern("\\bsynchronized\\b")
                    .doesNotContain("Thread.sleep")
                    .doesNotContain("System.nanoTime")
                    .doesNotContain("ReentrantLock");
        }
    }

    private static List<Path> sources() throws IOException {
        List<Path> all = new java.util.ArrayList<>();
        for (Path root : LIVE_PATH) {
            if (Files.isRegularFile(root)) {
                all.add(root);
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(all::add);
            }
        }
        return all;
    }
}
