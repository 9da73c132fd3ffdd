package dev.mmsb.bench.report;

/**
 * One measured figure: benchmark {@code group} (the class name without "Benchmark"), {@code operation} (the method),
 * {@code impl} (the parameter: {@code panama}, {@code unsafe}, {@code panama-codec}, or a peer), the median
 * {@code value} in {@code unit}, and the bytes allocated per operation from {@code -prof gc} (NaN when not profiled).
 */
public record Score(String group, String operation, String impl, double value, String unit, double allocBytes) {
}
