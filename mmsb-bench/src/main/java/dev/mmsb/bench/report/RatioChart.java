package dev.mmsb.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * Draws the ratios as a horizontal bar chart in SVG, by hand (no charting library, nothing to render headless). The
 * axis is logarithmic and centred on 1: bars to the left mean MMSB is faster or smaller, to the right slower or larger.
 */
public final class RatioChart {
    private static final String[] COLOURS = {"#6c8ebf", "#d79b00", "#82b366", "#b85450"};
    private static final int WIDTH = 1080;
    private static final int LABEL = 380;
    private static final int PLOT = 480;
    private static final int BAR = 11;
    private static final double MIN_LOG2 = -5;
    private static final double MAX_LOG2 = 5;

    private RatioChart() {
    }

    public static String svg(List<Ratio> ratios, String title) {
        StringBuilder body = new StringBuilder();
        int y = 60;
        String section = null;
        String row = null;
        for (Ratio r : ratios) {
            if (!r.section().equals(section)) {
                section = r.section();
                row = null;
                y += 14;
                body.append(text(8, y, "bold", "start", section));
                y += 8;
            }
            if (!r.row().equals(row)) {
                row = r.row();
                y += 6;
                body.append(text(LABEL - 8, y + BAR, "normal", "end", row));
            }
            double x1 = x(0);
            double x2 = x(Math.log(r.value()) / Math.log(2));
            body.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    Math.min(x1, x2), y, Math.max(1, Math.abs(x2 - x1)), BAR, COLOURS[r.series() % COLOURS.length]));
            String note = Tables.ratio(r.value()) + " " + r.numerator() + "/" + r.against();
            body.append(text((int) Math.max(x1, x2) + 4, y + BAR - 1, "normal", "start", note));
            y += BAR + 2;
        }
        int height = y + 40;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n",
                WIDTH, height, WIDTH, height));
        svg.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        svg.append(text(8, 20, "bold", "start", title));
        svg.append(text(8, 38, "normal", "start", "log scale; left of 1× = the first named (Panama, or a backend"
                + " against the best peer) is faster or smaller, right = slower or larger; clipped at 1/32× and 32×"));
        for (int e = (int) MIN_LOG2; e <= MAX_LOG2; e++) {
            double x = x(e);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"50\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
                    x, x, height - 30, e == 0 ? "#333" : "#ddd"));
            String tick = e >= 0 ? (1 << e) + "×" : "1/" + (1 << -e);
            svg.append(text((int) x, height - 16, "normal", "middle", tick));
        }
        svg.append(body).append("</svg>\n");
        return svg.toString();
    }

    private static double x(double log2) {
        double clipped = Math.max(MIN_LOG2, Math.min(MAX_LOG2, log2));
        return LABEL + (clipped - MIN_LOG2) / (MAX_LOG2 - MIN_LOG2) * PLOT;
    }

    private static String text(int x, int y, String weight, String anchor, String text) {
        return String.format("<text x=\"%d\" y=\"%d\" font-weight=\"%s\" text-anchor=\"%s\">%s</text>%n",
                x, y, weight, anchor, text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
    }
}
