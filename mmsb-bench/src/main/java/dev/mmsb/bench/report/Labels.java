package dev.mmsb.bench.report;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** What the tables call things: sections in order, operations in order with what one operation is, peers' names. */
final class Labels {
    /** Benchmark group, its section title. In table order. */
    static final Map<String, String> GROUPS = Map.of(
            "RawAccess", "Raw access: a committed 64 MiB region",
            "Paging", "Paging, one 4 KiB page per call, against the syscalls issued directly",
            "Vector", "MappedIntVector (and MappedVector<Integer> with Codecs.INT), 1 M ints",
            "Queue", "MappedIntQueue",
            "Grow", "Growing to 100 M ints, a fresh JVM per variant (-Xmx8g)");
    private static final Map<String, String> SHORT_GROUPS = Map.of(
            "RawAccess", "raw", "Paging", "paging", "Vector", "vector", "Queue", "queue", "Grow", "grow");
    static final List<String> GROUP_ORDER = List.of("RawAccess", "Paging", "Vector", "Queue", "Grow");
    /** Groups in {@link #GROUP_ORDER}, unknown ones after, by name. */
    static final Comparator<String> GROUPS_IN_ORDER = Comparator.comparingInt((String g) -> GROUP_ORDER.contains(g)
            ? GROUP_ORDER.indexOf(g) : GROUP_ORDER.size()).thenComparing(g -> g);

    /** group.operation, then {label, what one operation is}. In row order within each group. */
    static final List<String[]> OPERATIONS = List.of(
            new String[]{"RawAccess.seqGetInt", "sequential int get", "int"},
            new String[]{"RawAccess.seqPutInt", "sequential int put", "int"},
            new String[]{"RawAccess.seqGetLong", "sequential long get", "long"},
            new String[]{"RawAccess.seqPutLong", "sequential long put", "long"},
            new String[]{"RawAccess.randomGetInt", "random int get", "int"},
            new String[]{"RawAccess.randomPutInt", "random int put", "int"},
            new String[]{"RawAccess.randomGetLong", "random long get", "long"},
            new String[]{"RawAccess.randomPutLong", "random long put", "long"},
            new String[]{"RawAccess.bulkPutBytes", "bulk copy from byte[]", "MiB"},
            new String[]{"Paging.commitAndTouch", "commit + first touch", "page"},
            new String[]{"Paging.commitAndTouch2MiB", "commit 2 MiB + first touch of its pages", "page"},
            new String[]{"Paging.decommit", "decommit, reservation used by one thread", "page"},
            new String[]{"Paging.decommitShared", "decommit, reservation shared with a 2nd thread", "page"},
            new String[]{"Paging.reserveRelease", "reserve 64 GiB + release", "call"},
            new String[]{"Vector.pushNew", "push 1 M into a new vector", "element"},
            new String[]{"Vector.pushSteady", "push 1 M into committed capacity (no growth)", "element"},
            new String[]{"Vector.getByIndex", "get by index", "element"},
            new String[]{"Vector.setByIndex", "set by index", "element"},
            new String[]{"Vector.iterate", "iterate", "element"},
            new String[]{"Vector.forEachSum", "forEach sum (forEachInt; boxed for the codec and ArrayList)",
                    "element"},
            new String[]{"Vector.popAll", "pop all", "element"},
            new String[]{"Vector.popAllNoShrink", "pop all, ShrinkPolicy.NEVER (no decommit)", "element"},
            new String[]{"Vector.popAllDecommit", "pop all: decommit cost (pop all − pop all, NEVER)", "element"},
            new String[]{"Vector.popAllDecommitShare", "pop all: decommit share of its time", ""},
            new String[]{"Vector.clearAndRepush", "clear + push 1 M again (seed's cycle)", "element"},
            new String[]{"Queue.offerPollSteady", "offer + poll, 1 K queued (steady state)", "element"},
            new String[]{"Queue.burstFillDrain", "burst: offer 1 M, then poll 1 M", "element"},
            new String[]{"Grow.peakRss", "peak RSS (VmHWM)", "process"},
            new String[]{"Grow.push100M", "time to push 100 M (single shot)", ""});

    /**
     * Rows computed from two measured ones, for MMSB only (the peers never decommit, so theirs would be noise):
     * {group.operation, minuend, subtrahend}. The row is minuend − subtrahend per impl, in the minuend's unit, and
     * {@code group.operation + "Share"} is that difference as a percentage of the minuend. Neither row has an
     * allocation or a place in the chart.
     */
    static final List<String[]> DIFFERENCES = List.<String[]>of(
            new String[]{"Vector.popAllDecommit", "popAll", "popAllNoShrink"});
    /** The operation suffix of a difference's share row. */
    static final String SHARE = "Share";

    private static final Map<String, String> IMPLS = Map.ofEntries(
            Map.entry("panama", "Panama"),
            Map.entry("unsafe", "Unsafe"),
            Map.entry("array", "Java array"),
            Map.entry("syscall-panama", "syscall (Panama downcall)"),
            Map.entry("syscall-jna", "syscall (JNA)"),
            // Results from before the Panama floor existed: "syscall" was JNA.
            Map.entry("syscall", "syscall (JNA)"),
            // The growth floors: a minimal vector over raw Panama downcalls (FloorIntList).
            Map.entry("syscall-panama-4k", "floor, 4 KiB faults"),
            // Also the Panama floor on a huge-page-advised reservation in the paging benchmark.
            Map.entry("syscall-panama-huge", "floor, huge pages"),
            Map.entry("syscall-panama-huge-populate", "floor, huge pages + populate"),
            Map.entry("ArrayList", "ArrayList<Integer>"),
            Map.entry("ArrayDeque", "ArrayDeque<Integer>"));
    /** Peers in column order; peers not listed come after, alphabetically. */
    static final List<String> PEER_ORDER = List.of("array", "syscall-panama", "syscall-jna", "syscall",
            "syscall-panama-4k", "syscall-panama-huge", "syscall-panama-huge-populate",
            "IntArrayList", "ArrayList", "IntArrayFIFOQueue", "ArrayDeque");
    /**
     * Per group, a peer each backend is also compared with when it is not the best peer: the growth is judged against
     * the best floor and against the array list MMSB should beat.
     */
    static final Map<String, String> REFERENCE_PEERS = Map.of("Grow", "IntArrayList");
    private static final Map<String, String> FLAVOURS = Map.of(
            "codec", "MappedVector<Integer>",
            "4k", "huge pages and populate off",
            "huge", "huge pages");

    private Labels() {
    }

    static String impl(String impl) {
        return IMPLS.getOrDefault(impl, impl);
    }

    static String flavour(String flavour) {
        return FLAVOURS.getOrDefault(flavour, flavour);
    }

    static String shortGroup(String group) {
        return SHORT_GROUPS.getOrDefault(group, group);
    }

    static String group(String group) {
        return GROUPS.getOrDefault(group, group);
    }

    /** Whether group.operation is a computed row of {@link #DIFFERENCES} (or its share), not a measured one. */
    static boolean derived(String key) {
        return DIFFERENCES.stream().anyMatch(d -> key.equals(d[0]) || key.equals(d[0] + SHARE));
    }

    /** Position of group.operation in {@link #OPERATIONS}; unknown ones sort last. */
    static int order(String key) {
        for (int i = 0; i < OPERATIONS.size(); i++) {
            if (OPERATIONS.get(i)[0].equals(key)) {
                return i;
            }
        }
        return OPERATIONS.size();
    }

    static String operation(String key) {
        int i = order(key);
        return i < OPERATIONS.size() ? OPERATIONS.get(i)[1] : key.substring(key.indexOf('.') + 1);
    }

    /** The unit with what one operation is: {@code ns/page}; just {@code ms} where the operation is the row. */
    static String unit(String key, String unit) {
        int i = order(key);
        String per = i < OPERATIONS.size() ? OPERATIONS.get(i)[2] : "op";
        if (!unit.endsWith("/op")) {
            return unit;
        }
        return per.isEmpty() ? unit.substring(0, unit.length() - 3) : unit.substring(0, unit.length() - 2) + per;
    }
}
