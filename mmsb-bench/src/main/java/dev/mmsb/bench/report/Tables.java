package dev.mmsb.bench.report;

import dev.mmsb.bench.subject.Impl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns {@link Score}s into Markdown: one table per benchmark group with both backends side by side, the peers beside
 * them, the ratio Panama/Unsafe, and each backend's ratio to the best peer of the row (the one with the lowest figure:
 * the fastest, or the smallest); then the allocation per operation. Where the best peer is the same in every row of a
 * group, the ratio columns name it; otherwise they say "best peer" and a column names it per row. Also lists the same
 * ratios for the chart.
 */
public final class Tables {
    private static final String[] BACKENDS = {"panama", "unsafe"};
    private static final String BEST = "best peer";

    private final List<Score> scores;

    public Tables(List<Score> scores) {
        this.scores = List.copyOf(withDifferences(scores));
    }

    /**
     * {@code scores} and the rows {@link Labels#DIFFERENCES} computes from them: for each MMSB impl that has both
     * operations in the same unit, their difference and that difference as a percentage of the minuend.
     */
    private static List<Score> withDifferences(List<Score> scores) {
        List<Score> all = new ArrayList<>(scores);
        for (String[] difference : Labels.DIFFERENCES) {
            int dot = difference[0].indexOf('.');
            String group = difference[0].substring(0, dot);
            String operation = difference[0].substring(dot + 1);
            for (Score a : scores) {
                if (!a.group().equals(group) || !a.operation().equals(difference[1])
                        || Impl.backendName(a.impl()) == null) {
                    continue;
                }
                scores.stream().filter(b -> b.group().equals(group) && b.operation().equals(difference[2])
                        && b.impl().equals(a.impl()) && b.unit().equals(a.unit())).findFirst().ifPresent(b -> {
                            double diff = a.value() - b.value();
                            all.add(new Score(group, operation, a.impl(), diff, a.unit(), Double.NaN));
                            all.add(new Score(group, operation + Labels.SHARE, a.impl(), 100 * diff / a.value(), "%",
                                    Double.NaN));
                        });
            }
        }
        return all;
    }

    /** All tables, each under a {@code ####} heading. */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        for (String group : groups()) {
            out.append("#### ").append(Labels.group(group)).append("\n\n");
            out.append(render(groupTable(group))).append('\n');
        }
        List<List<String>> alloc = allocationTable();
        if (alloc.size() > 2) {
            out.append("#### Allocation per operation (-prof gc, B/op; the target for MMSB is 0)\n\n");
            out.append(render(alloc)).append('\n');
        }
        return out.toString();
    }

    /**
     * The ratios the tables show, in table order: series 0 Panama/Unsafe, 1 Panama/best peer, 2 Unsafe/best peer.
     */
    public List<Ratio> ratios() {
        List<Ratio> ratios = new ArrayList<>();
        for (String group : groups()) {
            List<String> backends = backends(group);
            for (String[] row : rows(group)) {
                if (Labels.derived(group + "." + row[0])) {
                    continue;
                }
                String label = rowLabel(group, row);
                if (backends.size() == 2) {
                    ratios.add(new Ratio(Labels.group(group), label, "Panama", "Unsafe", 0,
                            value(group, row[0], "panama", row[1]) / value(group, row[0], "unsafe", row[1])));
                }
                String best = bestPeer(group, row[0]);
                for (String backend : backends) {
                    if (best != null) {
                        ratios.add(new Ratio(Labels.group(group), label, Labels.impl(backend), Labels.impl(best),
                                backend.equals("panama") ? 1 : 2,
                                value(group, row[0], backend, row[1]) / value(group, row[0], best, null)));
                    }
                }
            }
        }
        ratios.removeIf(r -> !Double.isFinite(r.value()) || r.value() <= 0);
        return ratios;
    }

    /** Header, alignment row, then one row per operation (and flavour). */
    private List<List<String>> groupTable(String group) {
        List<List<String>> table = new ArrayList<>();
        List<String> backends = backends(group);
        List<String> peers = peers(group);
        boolean anyBest = rows(group).stream().anyMatch(row -> bestPeer(group, row[0]) != null);
        String common = commonBestPeer(group);
        List<String> header = new ArrayList<>(List.of("operation", "unit"));
        backends.forEach(b -> header.add(Labels.impl(b)));
        if (backends.size() == 2) {
            header.add("Panama/Unsafe");
        }
        peers.forEach(p -> header.add(Labels.impl(p)));
        if (anyBest) {
            if (common == null) {
                header.add(BEST);
            }
            backends.forEach(b -> header.add(Labels.impl(b) + "/" + (common == null ? BEST : Labels.impl(common))));
        }
        String reference = referencePeer(group, common);
        if (reference != null) {
            backends.forEach(b -> header.add(Labels.impl(b) + "/" + Labels.impl(reference)));
        }
        table.add(header);
        table.add(header.stream().map(h -> h.equals("operation") || h.equals("unit") || h.equals(BEST) ? "---"
                : "---:").collect(Collectors.toList()));
        for (String[] row : rows(group)) {
            List<String> cells = new ArrayList<>(List.of(rowLabel(group, row), unit(group, row[0])));
            backends.forEach(b -> cells.add(number(value(group, row[0], b, row[1]))));
            // A share is already relative: no ratio of two percentages.
            boolean share = row[0].endsWith(Labels.SHARE) && Labels.derived(group + "." + row[0]);
            if (backends.size() == 2) {
                cells.add(share ? "–" : ratio(value(group, row[0], "panama", row[1])
                        / value(group, row[0], "unsafe", row[1])));
            }
            peers.forEach(p -> cells.add(number(value(group, row[0], p, null))));
            if (anyBest) {
                String best = bestPeer(group, row[0]);
                if (common == null) {
                    cells.add(best == null ? "–" : Labels.impl(best));
                }
                double against = best == null ? Double.NaN : value(group, row[0], best, null);
                backends.forEach(b -> cells.add(ratio(value(group, row[0], b, row[1]) / against)));
            }
            if (reference != null) {
                double against = value(group, row[0], reference, null);
                backends.forEach(b -> cells.add(ratio(value(group, row[0], b, row[1]) / against)));
            }
            table.add(cells);
        }
        return table;
    }

    /** The peer with the lowest figure for {@code operation}, or null if no peer has one. */
    private String bestPeer(String group, String operation) {
        return peers(group).stream()
                .filter(p -> value(group, operation, p, null) > 0)
                .min(Comparator.comparingDouble(p -> value(group, operation, p, null)))
                .orElse(null);
    }

    /**
     * The group's reference peer ({@link Labels#REFERENCE_PEERS}) if it was measured and is not already the common
     * best peer, whose columns would repeat; else null.
     */
    private String referencePeer(String group, String common) {
        String reference = Labels.REFERENCE_PEERS.get(group);
        return reference == null || reference.equals(common) || !peers(group).contains(reference) ? null : reference;
    }

    /** The best peer if it is the same one in every row of the group that has one, else null. */
    private String commonBestPeer(String group) {
        List<String> best = rows(group).stream().map(row -> bestPeer(group, row[0])).filter(Objects::nonNull)
                .distinct().collect(Collectors.toList());
        return best.size() == 1 ? best.get(0) : null;
    }

    /**
     * Bytes allocated per operation, for every row that was profiled; just the header rows if none was. Not for the
     * growth to 100 M: its operation is a whole single shot, whose allocation is the peers' arrays and boxes (the
     * peak-RSS row says what that costs) plus whatever the shot's class loading and compilation allocated.
     */
    private List<List<String>> allocationTable() {
        List<String> backends = new ArrayList<>();
        for (String backend : BACKENDS) {
            if (scores.stream().anyMatch(s -> backend.equals(Impl.backendName(s.impl())))) {
                backends.add(backend);
            }
        }
        List<List<String>> table = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("operation"));
        backends.forEach(b -> header.add(Labels.impl(b)));
        header.add("peers");
        table.add(header);
        table.add(header.stream().map(h -> h.equals("operation") || h.equals("peers") ? "---" : "---:")
                .collect(Collectors.toList()));
        for (String group : groups()) {
            if (group.equals(Scores.GROW)) {
                continue;
            }
            for (String[] row : rows(group)) {
                List<String> cells = new ArrayList<>(List.of(Labels.shortGroup(group) + ": " + rowLabel(group, row)));
                for (String backend : backends) {
                    cells.add(number(alloc(group, row[0], implName(backend, row[1]))));
                }
                cells.add(peers(group).stream()
                        .filter(p -> row[1] == null && !Double.isNaN(alloc(group, row[0], p)))
                        .map(p -> Labels.impl(p) + " " + number(alloc(group, row[0], p)))
                        .collect(Collectors.joining(", ")));
                if (cells.stream().skip(1).anyMatch(c -> !c.isEmpty() && !c.equals("–"))) {
                    table.add(cells);
                }
            }
        }
        return table;
    }

    private List<String> groups() {
        return scores.stream().map(Score::group).distinct().sorted(Labels.GROUPS_IN_ORDER)
                .collect(Collectors.toList());
    }

    private List<String> backends(String group) {
        List<String> present = new ArrayList<>();
        for (String backend : BACKENDS) {
            if (scores.stream().anyMatch(s -> s.group().equals(group) && backend.equals(Impl.backendName(s.impl())))) {
                present.add(backend);
            }
        }
        return present;
    }

    private List<String> peers(String group) {
        return scores.stream().filter(s -> s.group().equals(group) && Impl.backendName(s.impl()) == null)
                .map(Score::impl).distinct()
                .sorted(Comparator.comparingInt((String p) -> Labels.PEER_ORDER.contains(p)
                        ? Labels.PEER_ORDER.indexOf(p) : Labels.PEER_ORDER.size()).thenComparing(p -> p))
                .collect(Collectors.toList());
    }

    /** Rows of a group: {operation, flavour or null}, in label order, the plain flavour first. */
    private List<String[]> rows(String group) {
        Set<List<String>> rows = new LinkedHashSet<>();
        scores.stream().filter(s -> s.group().equals(group))
                .sorted(Comparator.comparingInt((Score s) -> Labels.order(group + "." + s.operation()))
                        .thenComparing(Score::operation))
                .forEach(s -> {
                    rows.add(Arrays.asList(s.operation(), null));
                    if (Impl.flavour(s.impl()) != null) {
                        rows.add(Arrays.asList(s.operation(), Impl.flavour(s.impl())));
                    }
                });
        List<String[]> result = new ArrayList<>();
        for (List<String> row : rows) {
            String[] r = {row.get(0), row.get(1)};
            // A row only for a flavour with no plain variant measured would be empty; skip those.
            if (r[1] != null || scores.stream().anyMatch(s -> s.group().equals(group)
                    && s.operation().equals(r[0]) && Impl.flavour(s.impl()) == null)) {
                result.add(r);
            }
        }
        return result;
    }

    private String rowLabel(String group, String[] row) {
        String label = Labels.operation(group + "." + row[0]);
        return row[1] == null ? label : label + " (" + Labels.flavour(row[1]) + ")";
    }

    private String unit(String group, String operation) {
        return scores.stream().filter(s -> s.group().equals(group) && s.operation().equals(operation))
                .map(s -> Labels.unit(group + "." + operation, s.unit())).findFirst().orElse("");
    }

    private static String implName(String backend, String flavour) {
        return flavour == null ? backend : backend + "-" + flavour;
    }

    private double value(String group, String operation, String impl, String flavour) {
        String name = Impl.backendName(impl) != null ? implName(impl, flavour) : impl;
        return find(group, operation, name).map(Score::value).orElse(Double.NaN);
    }

    private double alloc(String group, String operation, String impl) {
        return find(group, operation, impl).map(Score::allocBytes).orElse(Double.NaN);
    }

    private Optional<Score> find(String group, String operation, String impl) {
        return scores.stream().filter(s -> s.group().equals(group) && s.operation().equals(operation)
                && Objects.equals(s.impl(), impl)).findFirst();
    }

    /** The score's unit with what one operation is: {@code ns/page}. */
    public static String unit(Score score) {
        return Labels.unit(score.group() + "." + score.operation(), score.unit());
    }

    /** A figure with three or so significant digits; NaN as a dash. */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        double abs = Math.abs(value);
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, abs >= 10 ? "%.1f" : abs >= 0.01 || abs == 0 ? "%.2f" : "%.3f", value);
    }

    public static String ratio(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f×", value) : "–";
    }

    /** A Markdown table with its columns padded, so that it reads as a table in a terminal too. */
    static String render(List<List<String>> table) {
        int[] widths = new int[table.get(0).size()];
        for (List<String> row : table) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : table) {
            out.append('|');
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                boolean right = table.get(1).get(i).endsWith(":");
                if (cell.matches("-+:?")) {
                    cell = right ? "-".repeat(widths[i] - 1) + ":" : "-".repeat(widths[i]);
                }
                String pad = " ".repeat(widths[i] - cell.length());
                out.append(' ').append(right ? pad + cell : cell + pad).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }
}
