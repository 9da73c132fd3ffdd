package dev.mmsb.bench;

import dev.mmsb.bench.jmh.PagingBenchmark;
import dev.mmsb.bench.jmh.QueueBenchmark;
import dev.mmsb.bench.jmh.RawAccessBenchmark;
import dev.mmsb.bench.jmh.VectorBenchmark;
import dev.mmsb.bench.report.Score;
import dev.mmsb.bench.report.Scores;
import dev.mmsb.bench.report.Tables;
import dev.mmsb.bench.subject.Impl;
import dev.mmsb.memory.Backends;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The tour's short version of the key benchmarks: one operation per benchmark class (raw access, paging, vector,
 * queue), each with both backends and its peers, {@value #FORKS} fork, {@value #WARMUP_MS} ms of warmup and
 * {@value #ITERATIONS} × {@value #ITERATION_MS} ms of measurement, {@code -prof gc}; each (benchmark, implementation)
 * run on its own so that progress shows, about 2 s each. The numbers are rough; the published ones come from
 * {@link BenchRun}.
 */
final class QuickBench {
    static final int FORKS = 1;
    static final int WARMUP_MS = 500;
    static final int ITERATIONS = 3;
    static final int ITERATION_MS = 200;

    /** Benchmark, then the implementations to run it with (MMSB backends that cannot run here are skipped). */
    private static final Object[][] PLAN = {
            {RawAccessBenchmark.class, "seqGetInt", "panama", "unsafe", "array"},
            {PagingBenchmark.class, "commitAndTouch", "panama", "unsafe", "syscall-panama"},
            {VectorBenchmark.class, "pushNew", "panama", "unsafe", "IntArrayList", "ArrayList"},
            {QueueBenchmark.class, "offerPollSteady", "panama", "unsafe", "IntArrayFIFOQueue", "ArrayDeque"},
    };

    /** What the tour prints about these runs. */
    static String describe() {
        return String.format("%d fork, %d ms warmup, %d × %d ms measurement each, with -prof gc", FORKS, WARMUP_MS,
                ITERATIONS, ITERATION_MS);
    }

    private QuickBench() {
    }

    /** Runs the plan, printing one line per run; returns what was measured. */
    static List<Score> run() {
        List<String[]> runs = new ArrayList<>();
        for (Object[] entry : PLAN) {
            for (int i = 2; i < entry.length; i++) {
                String impl = (String) entry[i];
                String backend = Impl.backendName(impl);
                if (backend == null || Backends.unavailableReason(backend) == null) {
                    runs.add(new String[]{((Class<?>) entry[0]).getName(), (String) entry[1], impl});
                }
            }
        }
        List<Score> scores = new ArrayList<>();
        int n = 0;
        for (String[] run : runs) {
            String name = run[0].substring(run[0].lastIndexOf('.') + 1).replace("Benchmark", "") + "." + run[1];
            System.out.printf("  [%2d/%d] %-30s %-18s", ++n, runs.size(), name, run[2]);
            try {
                List<Score> measured = Scores.fromRunResults(runOne(run[0], run[1], run[2]));
                for (Score s : measured) {
                    System.out.printf(" %10s %-10s  alloc %s B/op%n", Tables.number(s.value()), Tables.unit(s),
                            Tables.number(s.allocBytes()));
                }
                scores.addAll(measured);
            } catch (RunnerException | RuntimeException e) {
                System.out.printf(" failed: %s%n", e);
            }
        }
        return scores;
    }

    private static Collection<RunResult> runOne(String type, String method, String impl) throws RunnerException {
        Options options = new OptionsBuilder()
                .include("^" + Pattern.quote(type + "." + method) + "$")
                .param("impl", impl)
                .forks(FORKS)
                .warmupIterations(1).warmupTime(TimeValue.milliseconds(WARMUP_MS))
                .measurementIterations(ITERATIONS).measurementTime(TimeValue.milliseconds(ITERATION_MS))
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend(ForkFlags.forRuntime())
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        return new Runner(options).run();
    }
}
