package dev.mmsb.bench.report;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Reads {@link Score}s from a JMH JSON result file, from JMH's in-process results, or from a peak-RSS file. */
public final class Scores {
    static final String ALLOC_NORM = "gc.alloc.rate.norm";
    /** The group of GrowBenchmark, which the peak-RSS rows join. */
    static final String GROW = "Grow";

    private Scores() {
    }

    /**
     * A JMH {@code -rf json} file. The value and the allocation are both medians of the measurement iterations' raw
     * data (JMH's own {@code score} is their mean).
     */
    @SuppressWarnings("unchecked")
    public static List<Score> fromJmhJson(Path file) throws IOException {
        List<Score> scores = new ArrayList<>();
        for (Object entry : (List<Object>) Json.parse(Files.readString(file))) {
            Map<String, Object> run = (Map<String, Object>) entry;
            Map<String, Object> primary = (Map<String, Object>) run.get("primaryMetric");
            Map<String, Object> params = (Map<String, Object>) run.getOrDefault("params", Map.of());
            Map<String, Object> secondary = (Map<String, Object>) run.getOrDefault("secondaryMetrics", Map.of());
            Map<String, Object> alloc = (Map<String, Object>) secondary.get(ALLOC_NORM);
            scores.add(score((String) run.get("benchmark"), String.valueOf(params.get("impl")), median(primary),
                    (String) primary.get("scoreUnit"), alloc == null ? Double.NaN : median(alloc)));
        }
        return scores;
    }

    /**
     * The median of a metric's raw data (one list of iteration values per fork, all forks pooled); without raw data,
     * JMH's 50th percentile, and failing that its score.
     */
    @SuppressWarnings("unchecked")
    static double median(Map<String, Object> metric) {
        List<Double> values = new ArrayList<>();
        Object raw = metric.get("rawData");
        if (raw instanceof List) {
            for (Object fork : (List<Object>) raw) {
                for (Object value : (List<Object>) fork) {
                    if (value instanceof Double && !((Double) value).isNaN()) {
                        values.add((Double) value);
                    }
                }
            }
        }
        if (!values.isEmpty()) {
            Collections.sort(values);
            int n = values.size();
            return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
        }
        Map<String, Object> percentiles = (Map<String, Object>) metric.get("scorePercentiles");
        if (percentiles != null && percentiles.get("50.0") instanceof Double) {
            return (Double) percentiles.get("50.0");
        }
        Object score = metric.get("score");
        return score instanceof Double ? (Double) score : Double.NaN;
    }

    /** Results of {@code new Runner(options).run()}; medians of the measurement iterations, as in the file. */
    public static List<Score> fromRunResults(Collection<RunResult> results) {
        List<Score> scores = new ArrayList<>();
        for (RunResult run : results) {
            Result<?> primary = run.getPrimaryResult();
            Result<?> alloc = run.getSecondaryResults().get(ALLOC_NORM);
            scores.add(score(run.getParams().getBenchmark(), run.getParams().getParam("impl"),
                    primary.getStatistics().getPercentile(50), primary.getScoreUnit(),
                    alloc == null ? Double.NaN : alloc.getStatistics().getPercentile(50)));
        }
        return scores;
    }

    /**
     * The file {@code PeakRssDriver} writes: one row per variant, the peak RSS in MiB, in group {@code Grow} beside
     * {@code GrowBenchmark}'s time. (Older files also hold a {@code growMillis}, one unrepeated System.nanoTime
     * measurement outside JMH; it is ignored.)
     */
    @SuppressWarnings("unchecked")
    public static List<Score> fromPeakRss(Path file) throws IOException {
        List<Score> scores = new ArrayList<>();
        for (Object entry : (List<Object>) Json.parse(Files.readString(file))) {
            Map<String, Object> run = (Map<String, Object>) entry;
            scores.add(new Score(GROW, "peakRss", (String) run.get("variant"), (Double) run.get("peakRssKiB") / 1024,
                    "MiB", Double.NaN));
        }
        return scores;
    }

    /** {@code dev.mmsb.bench.jmh.VectorBenchmark.pushNew} becomes group {@code Vector}, operation {@code pushNew}. */
    private static Score score(String benchmark, String impl, double value, String unit, double alloc) {
        return new Score(group(benchmark), benchmark.substring(benchmark.lastIndexOf('.') + 1), impl, value, unit,
                alloc);
    }

    /** {@code dev.mmsb.bench.jmh.VectorBenchmark.pushNew}: {@code Vector}. */
    static String group(String benchmark) {
        int dot = benchmark.lastIndexOf('.');
        String type = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
        return type.endsWith("Benchmark") ? type.substring(0, type.length() - "Benchmark".length()) : type;
    }
}
