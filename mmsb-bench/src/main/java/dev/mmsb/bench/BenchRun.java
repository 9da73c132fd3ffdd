package dev.mmsb.bench;

import dev.mmsb.bench.peak.PeakRssDriver;
import dev.mmsb.bench.report.ResultsTable;
import dev.mmsb.memory.Backends;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A published run: every benchmark with {@code -prof gc} into {@code RESULTS/<date>-<name>.json}, the machine into
 * {@code .machine.json}, the peak-RSS runs into {@code .peak-rss.json}, then {@link ResultsTable} (TABLE.md, the
 * chart, the section of docs/BENCHMARKS.md). Usage: {@code BenchRun RESULTS NAME [--no-peak] [JMH options]}; the
 * {@code bench} profile and {@code scripts/bench-run.sh} run it on the toolchain JDK.
 */
public final class BenchRun {
    private BenchRun() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
        String stem = LocalDate.now() + "-" + args[1];
        boolean peak = true;
        List<String> jmhArgs = new ArrayList<>();
        for (String arg : List.of(args).subList(2, args.length)) {
            if (arg.equals("--no-peak")) {
                peak = false;
            } else if (!arg.isBlank()) {
                jmhArgs.add(arg);
            }
        }
        Files.createDirectories(dir);
        String machine = MachineInfo.json(String.join(" ", jmhArgs)); // dated when the run starts
        Path results = dir.resolve(stem + ".json");

        CommandLineOptions cli = new CommandLineOptions(jmhArgs.toArray(new String[0]));
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli)
                .resultFormat(ResultFormatType.JSON).result(results.toString())
                .addProfiler(GCProfiler.class);
        if (Runtime.version().feature() < 23 && !cli.getJvmArgsAppend().hasValue()) {
            options.jvmArgsAppend(ForkFlags.forRuntime());
        }
        new Runner(options.build()).run();
        Files.writeString(dir.resolve(stem + ".machine.json"), machine);

        if (peak) {
            List<String> variants = PeakRssDriver.VARIANTS.stream()
                    // The Panama variants and the growth floors (raw Panama downcalls) need what Panama needs.
                    .filter(v -> !(v.startsWith(Backends.PANAMA) || v.startsWith("syscall-panama"))
                            || Backends.unavailableReason(Backends.PANAMA) == null)
                    .collect(Collectors.toList());
            PeakRssDriver.run(dir.resolve(stem + ".peak-rss.json"), variants);
        }
        ResultsTable.publish(results, dir.getParent().getParent().resolve("docs").resolve("BENCHMARKS.md"));
    }
}
