package dev.mmsb.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** From a JMH JSON file to the table, the chart and the README section. */
class ResultsTableTest {
    @TempDir
    Path dir;

    @Test
    void readsJmhJsonWithMediansAndAllocation() throws IOException {
        List<Score> scores = Scores.fromJmhJson(write("2026-01-01-test.json", jmh()));
        assertEquals(4, scores.size());
        Score panama = scores.get(0);
        assertEquals("Vector", panama.group());
        assertEquals("pushNew", panama.operation());
        assertEquals("panama", panama.impl());
        assertEquals(2.0, panama.value(), "the median, not the mean");
        assertEquals(56.0, panama.allocBytes(), "the allocation is the median of its raw data too, not JMH's mean");
        assertTrue(Double.isNaN(scores.get(3).allocBytes()), "no -prof gc: NaN");
    }

    @Test
    void medianPoolsTheForksAndFallsBackWithoutRawData() {
        assertEquals(3.5, Scores.median(Map.of("score", 9.0,
                "rawData", List.of(List.of(1.0, 4.0), List.of(3.0, 100.0)))), "two forks of two: the middle 2 of 4");
        assertEquals(5.0, Scores.median(Map.of("score", 9.0, "rawData", List.of(List.of(5.0, Double.NaN)))));
        assertEquals(7.0, Scores.median(Map.of("score", 9.0, "scorePercentiles", Map.of("50.0", 7.0))));
        assertEquals(9.0, Scores.median(Map.of("score", 9.0)));
    }

    @Test
    void tableHasBothBackendsThePeerAndTheRatios() throws IOException {
        String table = new Tables(Scores.fromJmhJson(write("2026-01-01-test.json", jmh()))).markdown();
        assertTrue(table.contains("| Panama | Unsafe | Panama/Unsafe | IntArrayList | Panama/IntArrayList "
                + "| Unsafe/IntArrayList |"), table);
        assertTrue(table.contains("|   2.00 |   4.00 |         0.50× |         8.00 |               0.25× "
                + "|               0.50× |"), table);
        assertTrue(table.contains("push 1 M into a new vector (MappedVector<Integer>)"), table);
        assertTrue(table.contains("vector: push 1 M into a new vector"), "allocation table: " + table);
    }

    @Test
    void ratiosForTheChart() throws IOException {
        List<Ratio> ratios = new Tables(Scores.fromJmhJson(write("2026-01-01-test.json", jmh()))).ratios();
        assertEquals(0.5, ratios.get(0).value());
        assertEquals("Unsafe", ratios.get(0).against());
        assertEquals(0.25, ratios.get(1).value());
        assertEquals("IntArrayList", ratios.get(1).against());
        assertEquals("Unsafe", ratios.get(2).numerator());
        assertEquals(0.5, ratios.get(2).value());
        assertEquals(2, ratios.get(2).series());
        assertTrue(RatioChart.svg(ratios, "t").startsWith("<svg"));
    }

    @Test
    void bothBackendsAgainstTheBestPeerOfEachRow() {
        List<Score> scores = List.of(
                new Score("Paging", "commitAndTouch", "panama", 6.0, "ns/op", Double.NaN),
                new Score("Paging", "commitAndTouch", "unsafe", 8.0, "ns/op", Double.NaN),
                new Score("Paging", "commitAndTouch", "syscall-panama", 4.0, "ns/op", Double.NaN),
                new Score("Paging", "commitAndTouch", "syscall-jna", 5.0, "ns/op", Double.NaN),
                new Score("Paging", "decommit", "panama", 6.0, "ns/op", Double.NaN),
                new Score("Paging", "decommit", "unsafe", 6.0, "ns/op", Double.NaN),
                new Score("Paging", "decommit", "syscall-panama", 4.0, "ns/op", Double.NaN),
                new Score("Paging", "decommitShared", "panama", 60.0, "ns/op", Double.NaN),
                new Score("Paging", "decommitShared", "unsafe", 6.0, "ns/op", Double.NaN));
        String table = new Tables(scores).markdown();
        assertTrue(table.contains("| syscall (Panama downcall) | syscall (JNA) | Panama/syscall (Panama downcall) "
                + "| Unsafe/syscall (Panama downcall) |"), "one best peer in every row: named in the header\n" + table);
        assertTrue(table.contains("| decommit, reservation shared with a 2nd thread | ns/page |   60.0 |   6.00 | "
                + "       10.00× |                         – |             – |                                –"),
                "a row the peers did not run: dashes\n" + table);

        List<Score> mixed = new java.util.ArrayList<>(scores);
        mixed.add(new Score("Paging", "decommit", "syscall-jna", 3.0, "ns/op", Double.NaN));
        String varied = new Tables(mixed).markdown();
        assertTrue(varied.contains("| best peer                 | Panama/best peer | Unsafe/best peer |"), varied);
        assertTrue(varied.contains("| syscall (JNA)             |            2.00× |            2.00× |"), varied);
        assertEquals(List.of(1.0, 2.0, 2.0), new Tables(mixed).ratios().stream()
                .filter(r -> r.row().startsWith("decommit, reservation used")).map(Ratio::value)
                .collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void newVectorRowsAndTheDecommitCostOfPopAll() {
        List<Score> scores = new java.util.ArrayList<>();
        for (String[] s : new String[][]{
                {"popAll", "panama", "3.0"}, {"popAll", "unsafe", "2.0"}, {"popAll", "panama-codec", "5.0"},
                {"popAll", "IntArrayList", "0.5"},
                {"popAllNoShrink", "panama", "1.0"}, {"popAllNoShrink", "unsafe", "1.5"},
                {"popAllNoShrink", "panama-codec", "4.0"}, {"popAllNoShrink", "IntArrayList", "0.4"},
                {"setByIndex", "panama", "0.5"}, {"setByIndex", "unsafe", "0.25"},
                {"setByIndex", "IntArrayList", "0.25"},
                {"pushSteady", "panama", "1.0"}, {"pushSteady", "unsafe", "1.0"},
                {"forEachSum", "panama", "1.0"}, {"forEachSum", "unsafe", "1.0"}}) {
            scores.add(new Score("Vector", s[0], s[1], Double.parseDouble(s[2]), "ns/op", 0.0));
        }
        String table = new Tables(scores).markdown().replaceAll(" +", " ");
        assertTrue(table.contains("| set by index | ns/element | 0.50 | 0.25 | 2.00× | 0.25 | 2.00× | 1.00× |"), table);
        assertTrue(table.contains("| push 1 M into committed capacity (no growth) | ns/element | 1.00 | 1.00 |"), table);
        assertTrue(table.contains("| forEach sum (forEachInt; boxed for the codec and ArrayList) |"), table);
        assertTrue(table.contains("| pop all, ShrinkPolicy.NEVER (no decommit) | ns/element | 1.00 | 1.50 | 0.67× "
                + "| 0.40 | 2.50× | 3.75× |"), table);
        assertTrue(table.contains("| pop all: decommit cost (pop all − pop all, NEVER) | ns/element | 2.00 | 0.50 "
                + "| 4.00× | – | – | – |"), "MMSB only: the peers never decommit\n" + table);
        assertTrue(table.contains("| pop all: decommit share of its time | % | 66.7 | 25.0 | – | – | – | – |"),
                "a share has no ratios\n" + table);
        assertTrue(table.contains("| pop all: decommit cost (pop all − pop all, NEVER) (MappedVector<Integer>) "
                + "| ns/element | 1.00 | – |"), "the codec flavour too\n" + table);
        assertTrue(table.indexOf("| push 1 M into committed") < table.indexOf("| set by index")
                && table.indexOf("| set by index") < table.indexOf("| forEach sum")
                && table.indexOf("| forEach sum") < table.indexOf("| pop all |")
                && table.indexOf("| pop all, ShrinkPolicy.NEVER") < table.indexOf("| pop all: decommit cost"),
                "row order\n" + table);

        String alloc = table.substring(table.indexOf("#### Allocation"));
        assertTrue(alloc.contains("| vector: pop all, ShrinkPolicy.NEVER (no decommit) "), alloc);
        assertTrue(alloc.contains("| vector: set by index "), alloc);
        assertTrue(!alloc.contains("decommit cost") && !alloc.contains("share"), "no allocation for computed rows\n"
                + alloc);
        assertTrue(new Tables(scores).ratios().stream().noneMatch(r -> r.row().startsWith("pop all:")),
                "computed rows stay out of the chart");
    }

    @Test
    void publishReplacesOnlyTheMarkedReadmeSection() throws IOException {
        Path results = write("2026-01-01-test.json", jmh());
        write("2026-01-01-test.machine.json", "{\"date\": \"2026-01-01T00:00:00Z\", \"cpu\": \"Test CPU\", "
                + "\"cores\": 2, \"memoryGiB\": 24.0, \"kernel\": \"Linux 6\", \"jdk\": \"JDK 25\"}");
        write("2026-01-01-test.peak-rss.json", "[{\"variant\": \"panama\", \"growMillis\": 250, "
                + "\"peakRssKiB\": 460800}, {\"variant\": \"IntArrayList\", \"growMillis\": 500, "
                + "\"peakRssKiB\": 1048576}]");
        Path readme = write("README.md", "# Title\n\n" + ResultsTable.START + "\nold\n" + ResultsTable.END
                + "\n\nafter\n");
        ResultsTable.publish(results, readme);

        String text = Files.readString(readme);
        assertTrue(text.startsWith("# Title\n\n" + ResultsTable.START + "\n"), text);
        assertTrue(text.endsWith(ResultsTable.END + "\n\nafter\n"), text);
        assertTrue(!text.contains("old"), text);
        assertTrue(text.contains("Machine: Test CPU, 2 cores, 24 GiB"), text);
        assertTrue(text.contains("| peak RSS (VmHWM)"), text);
        assertTrue(!text.contains("time to push"), "the peak-RSS file's growMillis is not a JMH figure: " + text);
        assertTrue(text.contains("![Ratios](ratios.svg)"), text);
        assertTrue(Files.readString(dir.resolve("TABLE.md")).contains("0.50×"));
        assertTrue(Files.readString(dir.resolve("ratios.svg")).contains("</svg>"));
    }

    @Test
    void describesTheCommonSettingsThenTheSingleShotGroup() throws IOException {
        String grow = "{\"jmhVersion\": \"1.37\", \"benchmark\": \"dev.mmsb.bench.jmh.GrowBenchmark.push100M\", "
                + "\"mode\": \"ss\", \"forks\": 1, \"warmupIterations\": 1, \"warmupTime\": \"single-shot\", "
                + "\"measurementIterations\": 3, \"measurementTime\": \"single-shot\", \"params\": {\"impl\": "
                + "\"panama\"}, \"primaryMetric\": {\"score\": 1500.0, \"scoreUnit\": \"ms/op\", "
                + "\"rawData\": [[1400.0, 1500.0, 1900.0]]}, \"secondaryMetrics\": {}}";
        Path results = write("2026-01-02-test.json", jmh().replaceFirst("^\\[", "[" + grow + ","));
        String about = ResultsTable.describe(results, dir.resolve("none.machine.json"));
        assertTrue(about.startsWith("JMH 1.37: 1 fork(s), 1 × 1 s warmup, 3 × 1 s measurement; grow: single shot, "
                + "1 fork(s), 1 warmup + 3 measured shot(s)."), about);
        String table = new Tables(Scores.fromJmhJson(results)).markdown();
        assertTrue(table.contains("| time to push 100 M (single shot) | ms   |  1,500 |"), table);
        assertTrue(!table.contains("grow:"), "no allocation row for the single shots: " + table);
    }

    @Test
    void growthIsComparedWithTheBestFloorAndWithIntArrayList() throws IOException {
        String runs = "[" + String.join(",", grow("panama", 300), grow("unsafe", 250), grow("panama-4k", 900),
                grow("unsafe-4k", 800), grow("syscall-panama-4k", 700), grow("syscall-panama-huge", 200),
                grow("syscall-panama-huge-populate", 100), grow("IntArrayList", 1000)) + "]";
        String table = new Tables(Scores.fromJmhJson(write("2026-01-03-test.json", runs))).markdown();
        assertTrue(table.contains("| Panama | Unsafe | Panama/Unsafe | floor, 4 KiB faults | floor, huge pages "
                + "| floor, huge pages + populate | IntArrayList | Panama/floor, huge pages + populate "
                + "| Unsafe/floor, huge pages + populate | Panama/IntArrayList | Unsafe/IntArrayList |"), table);
        String squeezed = table.replaceAll(" +", " ");
        assertTrue(squeezed.contains("| time to push 100 M (single shot) | ms | 300 | 250 | 1.20× | 700 | 200 | 100 |"
                + " 1,000 | 3.00× | 2.50× | 0.30× | 0.25× |"), table);
        assertTrue(squeezed.contains("| time to push 100 M (single shot) (huge pages and populate off) | ms | 900 |"),
                table);
    }

    private static String grow(String impl, double ms) {
        return "{\"jmhVersion\": \"1.37\", \"benchmark\": \"dev.mmsb.bench.jmh.GrowBenchmark.push100M\", "
                + "\"mode\": \"ss\", \"forks\": 1, \"warmupIterations\": 1, \"warmupTime\": \"single-shot\", "
                + "\"measurementIterations\": 3, \"measurementTime\": \"single-shot\", \"params\": {\"impl\": \""
                + impl + "\"}, \"primaryMetric\": {\"score\": " + ms + ", \"scoreUnit\": \"ms/op\", "
                + "\"rawData\": [[" + ms + ", " + ms + ", " + ms + "]]}, \"secondaryMetrics\": {}}";
    }

    @Test
    void jsonReadsWhatJmhWrites() {
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) Json.parse(
                "{\"a\": [1, -2.5e3, NaN, true, null], \"b\": \"x\\\"y\\u0041\"}");
        assertEquals(List.of(1.0, -2500.0, Double.NaN, true), ((List<?>) value.get("a")).subList(0, 4));
        assertEquals("x\"yA", value.get("b"));
        assertEquals("\"q\\\"\"", Json.quote("q\""));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** Four runs as JMH 1.37 writes them (trimmed): three iterations each, the median differing from the mean. */
    private static String jmh() {
        return "[" + run("panama", "[1.0, 2.0, 9.0]", true) + "," + run("unsafe", "[4.0, 4.0, 4.0]", true) + ","
                + run("IntArrayList", "[8.0, 8.0, 8.0]", true) + "," + run("panama-codec", "[3.0, 3.0, 3.0]", false)
                + "]";
    }

    private static String run(String impl, String raw, boolean gc) {
        String median = raw.replaceAll("\\[[^,]+, ([^,]+),.*", "$1");
        return "{\"jmhVersion\": \"1.37\", \"benchmark\": \"dev.mmsb.bench.jmh.VectorBenchmark.pushNew\", "
                + "\"mode\": \"avgt\", \"forks\": 1, \"warmupIterations\": 1, \"warmupTime\": \"1 s\", "
                + "\"measurementIterations\": 3, \"measurementTime\": \"1 s\", \"params\": {\"impl\": \"" + impl
                + "\"}, \"primaryMetric\": {\"score\": 4.0, \"scoreError\": NaN, \"scoreUnit\": \"ns/op\", "
                + "\"scorePercentiles\": {\"0.0\": 1.0, \"50.0\": " + median + ", \"100.0\": 9.0}, "
                + "\"rawData\": [" + raw + "]}, \"secondaryMetrics\": {"
                + (gc ? "\"gc.alloc.rate.norm\": {\"score\": 40.0, \"scoreUnit\": \"B/op\", "
                + "\"rawData\": [[8.0, 56.0, 56.0]]}" : "") + "}}";
    }
}
