package dev.mmsb.consumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDKs the consumer programs run on. JDK 25: the one these tests run on (the toolchain Maven selected). JDK 17:
 * {@code -Dconsumer.jdk17=/path/to/java} if given, else the {@code java} on the PATH when it is a 17 (the machine's
 * default), else the first JDK 17 in the places maven-toolchains-plugin also looks.
 */
final class ConsumerJdks {
    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    private ConsumerJdks() {
    }

    static Path jdk25() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        int feature = Runtime.version().feature();
        if (feature < 25) {
            throw new IllegalStateException("these tests must run on JDK 25+ (the toolchain), not " + feature);
        }
        return java;
    }

    static Path jdk17() {
        String given = System.getProperty("consumer.jdk17");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "java"));
            }
        }
        String home = System.getProperty("user.home");
        for (String root : new String[]{"/usr/lib/jvm", "/usr/java", "/opt/java", home + "/.jdks",
                home + "/.sdkman/candidates/java", home + "/.gradle/jdks"}) {
            Path dir = Path.of(root);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> homes = Files.list(dir)) {
                    homes.sorted().forEach(h -> candidates.add(h.resolve("bin").resolve("java")));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        for (Path java : candidates) {
            if (Files.isExecutable(java) && feature(java).orElse(0) == 17) {
                return java;
            }
        }
        throw new IllegalStateException("no JDK 17 found (PATH, /usr/lib/jvm, ...);"
                + " pass -Dconsumer.jdk17=.../bin/java");
    }

    /** The feature version in the release file of the JDK that {@code java} belongs to. */
    private static Optional<Integer> feature(Path java) {
        try {
            Path release = java.toRealPath().getParent().getParent().resolve("release");
            if (!Files.isRegularFile(release)) {
                return Optional.empty();
            }
            Matcher m = VERSION.matcher(Files.readString(release));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
