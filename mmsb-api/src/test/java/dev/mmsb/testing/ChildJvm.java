package dev.mmsb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a main class in a child JVM, for tests whose failure mode is a JVM crash that must not take the test runner
 * with it: the same {@code java} as this JVM, this JVM's class path, the flags each backend needs on this JDK
 * (native access; on JDK 23+ also {@code --sun-misc-unsafe-memory-access=allow}, which JDK 17 refuses to start
 * with), and any hs_err file written into {@code dir}, where {@link Result#hsErrFiles()} finds it.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** What a child JVM did. */
    public static final class Result {
        public final int exitCode;
        public final String output;
        private final Path dir;

        Result(int exitCode, String output, Path dir) {
            this.exitCode = exitCode;
            this.output = output;
            this.dir = dir;
        }

        /** The hs_err files the child left in its directory. */
        public List<Path> hsErrFiles() {
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(f -> f.getFileName().toString().startsWith("hs_err")).collect(Collectors.toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The lines of the output (stdout and stderr together) that start with {@code prefix}. */
        public List<String> lines(String prefix) {
            return output.lines().filter(l -> l.startsWith(prefix)).collect(Collectors.toList());
        }

        @Override
        public String toString() {
            return "exit code " + exitCode + ", output:\n" + output;
        }
    }

    /**
     * Runs {@code mainClass} with {@code args} in a child JVM working in {@code dir}, and waits for it at most
     * {@code timeoutSeconds} (then kills it and fails).
     */
    public static Result run(Path dir, List<String> jvmFlags, String mainClass, long timeoutSeconds,
                             String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"));
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        Path log = dir.resolve("child-output.txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("child JVM still running after " + timeoutSeconds + " s: " + command + "\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8), dir);
    }
}
