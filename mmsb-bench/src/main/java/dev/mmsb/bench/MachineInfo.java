package dev.mmsb.bench;

import dev.mmsb.bench.report.Json;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** Describes the machine a run happened on, as the small JSON file committed beside the results. */
public final class MachineInfo {
    private MachineInfo() {
    }

    /** CPU model, cores, memory, kernel, JDK, GC, the date, and {@code arguments} as given. */
    public static String json(String arguments) {
        String gcs = String.join(" + ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(b -> b.getName()).toArray(String[]::new));
        return "{\n"
                + "  \"date\": " + Json.quote(OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString()) + ",\n"
                + "  \"cpu\": " + Json.quote(cpu()) + ",\n"
                + "  \"cores\": " + Runtime.getRuntime().availableProcessors() + ",\n"
                + "  \"memoryGiB\": " + String.format(Locale.ROOT, "%.1f", memoryKiB() / 1024.0 / 1024.0) + ",\n"
                + "  \"kernel\": " + Json.quote(System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch")) + ",\n"
                + "  \"jdk\": " + Json.quote(System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version")) + ",\n"
                + "  \"gc\": " + Json.quote(gcs) + ",\n"
                + "  \"arguments\": " + Json.quote(arguments) + "\n"
                + "}\n";
    }

    private static String cpu() {
        String model = field(Path.of("/proc/cpuinfo"), "model name");
        if (model == null) {
            return System.getProperty("os.arch");
        }
        String flags = field(Path.of("/proc/cpuinfo"), "flags");
        return flags != null && List.of(flags.split(" ")).contains("hypervisor") ? model + " (virtual machine)" : model;
    }

    private static long memoryKiB() {
        String total = field(Path.of("/proc/meminfo"), "MemTotal");
        return total == null ? -1 : Long.parseLong(total.replace("kB", "").trim());
    }

    /** The value after the first {@code name:} line in a /proc file, or null. */
    public static String field(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
