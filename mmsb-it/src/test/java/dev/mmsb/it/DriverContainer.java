package dev.mmsb.it;

import com.github.dockerjava.api.command.InspectContainerResponse;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame.OutputType;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the driver ({@link Driver}) once in a fresh container with a hard memory limit and returns what happened.
 *
 * <p><b>Image.</b> By default Testcontainers builds {@code mmsb-it/jdk-runner:<version>} locally, {@code FROM scratch}
 * with one small file (so that the build produces an image), and nothing is pulled. The JDK running the tests
 * ({@code java.home}, JDK 25+) and the host's {@code /usr/lib/x86_64-linux-gnu} and {@code /usr/lib64} are bind-mounted
 * read-only (the latter two as {@code /lib/x86_64-linux-gnu} and {@code /lib64}), so this default needs a glibc-based
 * x86-64 Linux host with the Debian/Ubuntu multiarch layout.
 *
 * <p>With a registry, the system property {@value #BASE_IMAGE} picks an image to run the driver on instead, e.g.
 * {@code mvn verify -Dmmsb.it.baseImage=eclipse-temurin:25-jre}: any image with a JDK or JRE 25+ whose {@code java} is
 * on the {@code PATH}. Testcontainers pulls it if it is not present; neither the host JDK nor the host libraries are
 * mounted then.
 *
 * <p>Either way the driver's class path (system properties {@code mmsb.it.classes} and {@code mmsb.it.lib}, set by the
 * pom) is mounted read-only at {@code /app}, {@code /tmp} is a small tmpfs (JNA unpacks its library there), the network
 * mode is {@code none}, and memory = memory+swap = the limit. Every container is removed after its run (Ryuk is off).
 */
final class DriverContainer {
    /** System property naming a base image to run the driver on instead of the local scratch image. */
    static final String BASE_IMAGE = "mmsb.it.baseImage";

    /** Longest a single driver run may take before the test fails. */
    private static final Duration RUN_LIMIT = Duration.ofMinutes(3);

    private static final String[] JVM_FLAGS = {
        "-XX:+UseSerialGC", "-Xmx32m", "-XX:-UsePerfData",
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    };

    private static ImageFromDockerfile localImage;

    private DriverContainer() {
    }

    /**
     * Runs {@code Driver scenario args...} on {@code backend} within {@code limitBytes} of memory.
     *
     * @param out a host directory mounted writable at {@code /out}, or null
     */
    static DriverRun run(String scenario, String backend, long limitBytes, Path out, String... args) {
        return run(scenario, backend, limitBytes, out, List.of(), args);
    }

    /**
     * As {@link #run(String, String, long, Path, String...)}, with more JVM flags for the driver (e.g.
     * {@code -Dmmsb.budget=75%}).
     */
    static DriverRun run(String scenario, String backend, long limitBytes, Path out, List<String> jvmFlags,
                         String... args) {
        String description = scenario + " on " + backend + " within " + (limitBytes >> 20) + " MiB"
                + (jvmFlags.isEmpty() ? "" : " " + String.join(" ", jvmFlags));
        String baseImage = System.getProperty(BASE_IMAGE, "").trim();
        List<String> command = new ArrayList<>();
        command.add(baseImage.isEmpty() ? javaHome() + "/bin/java" : "java");
        command.addAll(List.of(JVM_FLAGS));
        command.addAll(jvmFlags);
        command.add("-Dmmsb.backend=" + backend);
        command.add("-cp");
        command.add("/app/classes:/app/lib/*");
        command.add(Driver.class.getName());
        command.add(scenario);
        command.addAll(List.of(args));

        long started = System.nanoTime();
        try (GenericContainer<?> container = baseImage.isEmpty()
                ? new GenericContainer<>(localImage()) : new GenericContainer<>(DockerImageName.parse(baseImage))) {
            if (baseImage.isEmpty()) {
                container.withFileSystemBind(javaHome(), javaHome(), BindMode.READ_ONLY)
                        .withFileSystemBind("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", BindMode.READ_ONLY)
                        .withFileSystemBind("/usr/lib64", "/lib64", BindMode.READ_ONLY);
            }
            container.withFileSystemBind(property("mmsb.it.classes"), "/app/classes", BindMode.READ_ONLY)
                    .withFileSystemBind(property("mmsb.it.lib"), "/app/lib", BindMode.READ_ONLY)
                    .withTmpFs(Map.of("/tmp", "rw,exec,nosuid,nodev,size=64m"))
                    .withNetworkMode("none")
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                            .withMemory(limitBytes).withMemorySwap(limitBytes))
                    .withStartupCheckStrategy(new ExitedStartupCheckStrategy(RUN_LIMIT))
                    .withCommand(command.toArray(new String[0]));
            if (out != null) {
                container.withFileSystemBind(out.toString(), "/out", BindMode.READ_WRITE);
            }
            container.start();
            InspectContainerResponse.ContainerState state = container.getDockerClient()
                    .inspectContainerCmd(container.getContainerId()).exec().getState();
            String stdout = container.getLogs(OutputType.STDOUT);
            String stderr = container.getLogs(OutputType.STDERR);
            List<PhaseLine> phases = new ArrayList<>();
            for (String line : stdout.split("\n")) {
                PhaseLine phase = PhaseLine.parse(line);
                if (phase != null) {
                    phases.add(phase);
                }
            }
            long exitCode = state.getExitCodeLong() == null ? -1 : state.getExitCodeLong();
            DriverRun run = new DriverRun(description, exitCode, Boolean.TRUE.equals(state.getOOMKilled()), phases,
                    stdout, stderr, (System.nanoTime() - started) / 1_000_000);
            // The driver's own lines go into the build log and the failsafe report: the evidence behind each verdict.
            System.out.println("mmsb-it | " + description + ": exit " + exitCode + ", OOMKilled " + run.oomKilled());
            stdout.lines().filter(l -> l.startsWith("{")).forEach(l -> System.out.println("mmsb-it |   " + l));
            return run;
        }
    }

    /** A fresh host directory for {@code /out} under {@code mmsb.it.out}, writable by the container's user. */
    static Path outDir(String name) {
        try {
            Path dir = Path.of(System.getProperty("mmsb.it.out", System.getProperty("java.io.tmpdir"))).resolve(name);
            if (Files.isDirectory(dir)) {
                try (var old = Files.list(dir)) {
                    for (Path file : (Iterable<Path>) old::iterator) {
                        Files.delete(file);
                    }
                }
            }
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            return dir.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized ImageFromDockerfile localImage() {
        if (localImage == null) {
            String tag = "mmsb-it/jdk-runner:" + System.getProperty("mmsb.it.version", "dev");
            localImage = new ImageFromDockerfile(tag, false)
                    .withDockerfileFromBuilder(b -> b.from("scratch").copy("marker.txt", "/marker.txt").build())
                    .withFileFromString("marker.txt", "mmsb\n");
        }
        return localImage;
    }

    private static String javaHome() {
        return System.getProperty("java.home");
    }

    private static String property(String name) {
        return Objects.requireNonNull(System.getProperty(name), () -> "system property " + name
                + " is not set: run the tests through Maven (mvn verify)");
    }
}
