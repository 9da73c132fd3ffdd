package dev.mmsb.bench.report;

/**
 * One bar of the chart: in {@code section}, row {@code row}, {@code value} = {@code numerator}'s figure over
 * {@code against}'s; {@code series} 0 for Panama/Unsafe, 1 for Panama/best peer, 2 for Unsafe/best peer.
 */
public record Ratio(String section, String row, String numerator, String against, int series, double value) {
}
