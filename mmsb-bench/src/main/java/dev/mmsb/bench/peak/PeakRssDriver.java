package dev.mmsb.bench.peak;

import dev.mmsb.bench.ForkFlags;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link PeakRss} once per variant, each in a fresh JVM started from this JVM's own {@code java} with its class
 * path and {@code -Xmx8g}, and writes the JSON lines it prints as one JSON array. A variant that fails (Panama before
 * JDK 25) is reported and left out. Usage: {@code PeakRssDriver OUT.json [variant...]}.
 */
public final class PeakRssDriver {
    public static final List<String> VARIANTS = List.of("panama", "unsafe", "IntArrayList", "ArrayList", "panama-4k",
            "unsafe-4k", "syscall-panama-4k", "syscall-panama-huge", "syscall-panama-huge-populate");

    private PeakRssDriver() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        List<String> variants = args.length > 1 ? List.of(args).subList(1, args.length) : VARIANTS;
        run(Path.of(args[0]), variants);
    }

    public static void run(Path out, List<String> variants) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"),
                "bin", "java").toString());
        List<String> lines = new ArrayList<>();
        for (String variant : variants) {
            List<String> command = new ArrayList<>(List.of(java, "-Xmx8g"));
            command.addAll(List.of(ForkFlags.forRuntime()));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), PeakRss.class.getName(), variant));
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.waitFor() != 0 || !output.startsWith("{")) {
                System.out.printf("  peak RSS %-13s failed (exit %d): %s%n", variant, process.exitValue(), output);
                continue;
            }
            System.out.printf("  peak RSS %-13s %s%n", variant, output);
            lines.add("  " + output);
        }
        Files.writeString(out, "[\n" + String.join(",\n", lines) + "\n]\n");
    }
}
