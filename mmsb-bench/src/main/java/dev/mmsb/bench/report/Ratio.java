package dev.mmsb.bench.report;

/**
 * One bar of the chart: in {@code section}, row {@code row}, {@code value} = MMSB's figure over {@code against}'s
 * ({@code against} is "Unsafe" for the Panama/Unsafe ratio, else a peer); {@code series} 0 for Panama/Unsafe, 1 for
 * the first peer, 2 for the second.
 */
public record Ratio(String section, String row, String numerator, String against, int series, double value) {
}
