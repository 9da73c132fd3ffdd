package dev.mmsb.consumer;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
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

/**
 * Compiles one consumer program (src/test/consumers/NAME) for JDK 17 against the copied jars, and runs it in a child
 * JVM on the class path or on the module path, returning everything it printed on stdout and stderr.
 */
final class ConsumerRun {
    static final Path LIB = Path.of(System.getProperty("consumer.lib"));
    static final Path SOURCES = Path.of(System.getProperty("consumer.sources"));
    static final Path WORK = Path.of(System.getProperty("consumer.work"));

    /** Where the program and the jars go. */
    enum Launch { CLASS_PATH, MODULE_PATH }

    private ConsumerRun() {
    }

    /** The jars a consumer without Guice has: MMSB's (both backends) and JNA; with Guice, every copied jar. */
    static List<Path> jars(boolean guice) {
        try (Stream<Path> files = Files.list(LIB)) {
            List<Path> jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
            for (Path jar : jars) {
                requireThisBuilds(jar);
            }
            if (guice) {
                return jars;
            }
            return jars.stream().filter(j -> {
                String name = j.getFileName().toString();
                return (name.startsWith("mmsb-") && !name.startsWith("mmsb-guice")) || name.startsWith("jna-");
            }).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fails unless an MMSB jar is the one this build just made in its module's target directory: a build of this
     * module alone would take MMSB's SNAPSHOTs from the local repository, which may be anyone's.
     */
    private static void requireThisBuilds(Path jar) throws IOException {
        String name = jar.getFileName().toString();
        if (!name.startsWith("mmsb-")) {
            return;
        }
        String module = name.substring(0, name.indexOf("-" + System.getProperty("consumer.version")));
        Path built = Path.of(System.getProperty("consumer.root"), module, "target", name);
        if (!Files.exists(built) || Files.mismatch(built, jar) != -1) {
            throw new AssertionError(jar + " is not this build's " + built + "; build this module in the reactor, e.g."
                    + " mvn verify -pl mmsb-consumer-it -am");
        }
    }

    /** Compiles the program {@code name} for the given path kind; returns its class output directory. */
    static Path compile(String name, Launch kind, List<Path> jars) throws IOException {
        Path out = WORK.resolve(name + "-" + kind.name().toLowerCase()).resolve("classes");
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString()));
        args.add(kind == Launch.MODULE_PATH ? "--module-path" : "--class-path");
        args.add(join(jars));
        try (Stream<Path> files = Files.walk(SOURCES.resolve(name))) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> kind == Launch.MODULE_PATH || !f.getFileName().toString().equals("module-info.java"))
                    .forEach(f -> args.add(f.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, args.toArray(new String[0]));
        if (rc != 0) {
            throw new AssertionError("javac " + args + " failed:\n" + diagnostics.toString(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Runs {@code mainClass} of module {@code module} (module path) or from the class path; stdout+stderr. */
    static Result run(Path java, Launch kind, Path classes, List<Path> jars, String module, String mainClass,
                      List<String> flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(flags);
        List<Path> path = new ArrayList<>();
        path.add(classes);
        path.addAll(jars);
        if (kind == Launch.MODULE_PATH) {
            command.addAll(List.of("--module-path", join(path), "--module", module + "/" + mainClass));
        } else {
            command.addAll(List.of("--class-path", join(path), mainClass));
        }
        Path log = classes.getParent().resolve("output-" + java.getParent().getParent().getFileName() + ".txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(classes.getParent().toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(command, process.exitValue(), Files.readString(log));
    }

    private static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    static final class Result {
        final List<String> command;
        final int exitCode;
        final String output;

        Result(List<String> command, int exitCode, String output) {
            this.command = command;
            this.exitCode = exitCode;
            this.output = output;
        }

        List<String> lines() {
            return output.lines().collect(Collectors.toList());
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\nexit code " + exitCode + ", output:\n" + output;
        }
    }
}
