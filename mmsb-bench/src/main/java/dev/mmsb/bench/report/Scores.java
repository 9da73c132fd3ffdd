package dev.mmsb.bench.report;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Reads {@link Score}s from a JMH JSON result file, from JMH's in-process results, or from a peak-RSS file. */
public final class Scores {
    static final String ALLOC_NORM = "gc.alloc.rate.norm";

    private Scores() {
    }

    /** A JMH {@code -rf json} file; the value is the median of the measurement iterations. */
    @SuppressWarnings("unchecked")
    public static List<Score> fromJmhJson(Path file) throws IOException {
        List<Score> scores = new ArrayList<>();
        for (Object entry : (List<Object>) Json.parse(Files.readString(file))) {
            Map<String, Object> run = (Map<String, Object>) entry;
            Map<String, Object> primary = (Map<String, Object>) run.get("primaryMetric");
            Map<String, Object> percentiles = (Map<String, Object>) primary.get("scorePercentiles");
            Map<String, Object> params = (Map<String, Object>) run.getOrDefault("params", Map.of());
            Map<String, Object> secondary = (Map<String, Object>) run.getOrDefault("secondaryMetrics", Map.of());
            Map<String, Object> alloc = (Map<String, Object>) secondary.get(ALLOC_NORM);
            double median = percentiles != null && percentiles.get("50.0") != null
                    ? (Double) percentiles.get("50.0") : (Double) primary.get("score");
            scores.add(score((String) run.get("benchmark"), String.valueOf(params.get("impl")), median,
                    (String) primary.get("scoreUnit"), alloc == null ? Double.NaN : (Double) alloc.get("score")));
        }
        return scores;
    }

    /** Results of {@code new Runner(options).run()}. */
    public static List<Score> fromRunResults(Collection<RunResult> results) {
        List<Score> scores = new ArrayList<>();
        for (RunResult run : results) {
            Result<?> primary = run.getPrimaryResult();
            Result<?> alloc = run.getSecondaryResults().get(ALLOC_NORM);
            scores.add(score(run.getParams().getBenchmark(), run.getParams().getParam("impl"),
                    primary.getStatistics().getPercentile(50), primary.getScoreUnit(),
                    alloc == null ? Double.NaN : alloc.getScore()));
        }
        return scores;
    }

    /** The file {@code PeakRssDriver} writes: two rows per variant, peak RSS in MiB and growth time in ms. */
    @SuppressWarnings("unchecked")
    public static List<Score> fromPeakRss(Path file) throws IOException {
        List<Score> scores = new ArrayList<>();
        for (Object entry : (List<Object>) Json.parse(Files.readString(file))) {
            Map<String, Object> run = (Map<String, Object>) entry;
            String variant = (String) run.get("variant");
            scores.add(new Score("PeakRss", "peakRss", variant, (Double) run.get("peakRssKiB") / 1024, "MiB",
                    Double.NaN));
            scores.add(new Score("PeakRss", "growTime", variant, (Double) run.get("growMillis"), "ms", Double.NaN));
        }
        return scores;
    }

    /** {@code dev.mmsb.bench.jmh.VectorBenchmark.pushNew} becomes group {@code Vector}, operation {@code pushNew}. */
    private static Score score(String benchmark, String impl, double value, String unit, double alloc) {
        int dot = benchmark.lastIndexOf('.');
        String type = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
        String group = type.endsWith("Benchmark") ? type.substring(0, type.length() - "Benchmark".length()) : type;
        return new Score(group, benchmark.substring(dot + 1), impl, value, unit, alloc);
    }
}
