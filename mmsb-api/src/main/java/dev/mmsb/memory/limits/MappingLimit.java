package dev.mmsb.memory.limits;

import dev.mmsb.internal.diag.Diagnostics;
import dev.mmsb.memory.MappingLimitException;
import dev.mmsb.memory.NativeMemoryException;

import java.io.FileInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Keeps the process below the kernel's limit on memory mappings ({@code vm.max_map_count}), process-wide.
 *
 * <p><b>Why.</b> Every region of address space with its own protection is one kernel mapping (VMA). A reservation
 * starts as one; committing or protecting part of it splits it, so a vector's committed prefix plus its reserved tail
 * are two, and committing every other page of a reservation makes one mapping per page. At the limit the kernel
 * refuses every new mapping, the JVM's own included (thread stacks, code cache, metaspace), and the JVM dies with an
 * hs_err file rather than throwing. So MMSB refuses, with a {@link MappingLimitException} thrown before any syscall,
 * every reserve, commit, decommit or protect that would leave the process fewer than {@link #headroom()} mappings
 * below the limit; the headroom is the room the JVM keeps for itself.
 *
 * <p><b>How it counts.</b> {@link #mmsbMappings()} is the mappings MMSB's reservations make: each reservation counts
 * the runs of pages in one state in its page map (1 + the number of state changes along it), and reports the change
 * that each paging operation makes, computed from the states at the range's boundaries, before the syscall. That is
 * an upper bound: the kernel merges neighbours with equal protection (a page committed and later protected
 * {@code NONE} is counted apart from the never-committed pages next to it, and two untouched reservations side by
 * side are counted as two). The process's total comes from the lines of {@code /proc/self/maps}, which is costly to
 * read (116 ms at 60,000 lines on the build machine), so it is read again only when the estimate (last total + MMSB's
 * growth since) comes within twice the headroom of the limit (and then every {@code headroom / 8} mappings of
 * growth); when the estimate is above half the limit and the last reading is over a second (or 50 times its cost)
 * old, since the JVM maps memory too; and before a refusal, unless the last reading is fresh.
 *
 * <p><b>Settings.</b> The headroom is {@value #DEFAULT_HEADROOM} mappings unless the system property
 * {@value #HEADROOM_PROPERTY} or {@link #setHeadroom(long)} says otherwise. The limit is read from
 * {@code /proc/sys/vm/max_map_count} once; where it cannot be read, the kernel's default {@value #DEFAULT_MAX_MAP_COUNT}
 * is assumed.
 *
 * <p><b>Errors.</b> {@link #explainReserveFailure(long)} and {@link #explainSplitFailure()} say what most likely ran out
 * when the kernel answers {@code ENOMEM} anyway (the JVM or native code used the headroom, or the address space ran
 * out): MMSB adds them to the {@link NativeMemoryException}.
 *
 * <p>Loading this class also loads and initialises {@link MappingLimitException} and builds one message of each kind,
 * so that refusing needs no class loading (and so no new mapping) at the limit.
 */
public final class MappingLimit {
    /** System property: the headroom in mappings. */
    public static final String HEADROOM_PROPERTY = "mmsb.mapHeadroom";
    /** The headroom when {@value #HEADROOM_PROPERTY} is not set: room for the JVM's threads and code. */
    public static final long DEFAULT_HEADROOM = 1024;
    /** The kernel's default {@code vm.max_map_count}, assumed when {@code /proc/sys/vm/max_map_count} is unreadable. */
    public static final long DEFAULT_MAX_MAP_COUNT = 65530;
    static final String MAX_MAP_COUNT_FILE = "/proc/sys/vm/max_map_count";
    static final String MAPS_FILE = "/proc/self/maps";
    /**
     * While the process may have more than half the limit, a reading of /proc/self/maps older than this, or than
     * {@value #STALE_COSTS} times what the reading cost (116 ms at 60,000 mappings on the build machine), is read
     * again before MMSB adds a mapping: the JVM maps memory too.
     */
    static final long REREAD_NANOS = 1_000_000_000L;
    static final long STALE_COSTS = 50;
    /** Before a refusal, a reading younger than this, or than 10 times its cost, with no growth since is trusted. */
    static final long REFUSAL_REREAD_NANOS = 10_000_000L;

    /** Reused by every count of /proc/self/maps (under its own lock): near the limit, allocate nothing big. */
    private static final byte[] MAPS_BUFFER = new byte[1 << 16];
    private static final MappingLimit PROCESS;

    static {
        PROCESS = new MappingLimit(readMaxMapCount(), headroomFromProperty(), MappingLimit::countProcessMappings,
                System::nanoTime);
        PROCESS.preload();
    }

    private final long maxMapCount;
    private final LongSupplier processCount;
    private final LongSupplier clock;
    private final AtomicLong mmsb = new AtomicLong();
    private final AtomicLong reservedBytes = new AtomicLong();
    private final AtomicLong reservations = new AtomicLong();
    private final Object readLock = new Object();
    private volatile long headroom;
    /** The last reading of the process's mappings; never null after construction. */
    private volatile Reading reading;

    /**
     * @param processCount the process's mappings now, or -1 if unknown
     * @param clock        nanoseconds, as {@link System#nanoTime()}
     */
    MappingLimit(long maxMapCount, long headroom, LongSupplier processCount, LongSupplier clock) {
        this.maxMapCount = maxMapCount;
        this.headroom = checkHeadroom(headroom, maxMapCount);
        this.processCount = processCount;
        this.clock = clock;
        this.reading = read(0);
    }

    /** {@return the one instance every reservation of this process reports to.} */
    public static MappingLimit process() {
        return PROCESS;
    }

    // ---- accounting ---------------------------------------------------------------------------------------------

    /**
     * Counts {@code mappings} more for MMSB if the process stays at least {@link #headroom()} below the limit; call it
     * before the syscall that makes them, and {@link #adjust(long) adjust(-mappings)} if the syscall fails.
     * Non-positive counts are always accepted (and counted).
     *
     * @param mappings  mappings the operation adds
     * @param operation for the message: e.g. {@code "commit"}
     * @param address   for the message: start address of the range
     * @param length    for the message: bytes in the range
     * @throws MappingLimitException if the mappings would take the process too close to the limit; nothing is counted
     */
    public void claim(long mappings, String operation, long address, long length) {
        long total = mmsb.addAndGet(mappings);
        if (mappings <= 0) {
            return;
        }
        long room = headroom;
        long ceiling = maxMapCount - room;
        long now = clock.getAsLong();
        Reading last = reading;
        long estimate = last.estimate(total);
        boolean old = now - last.nanos >= Math.max(REREAD_NANOS, STALE_COSTS * last.cost);
        if (estimate <= ceiling - room && (!old || estimate <= maxMapCount / 2)) {
            return; // far from the limit
        }
        synchronized (readLock) {
            last = reading;
            total = mmsb.get();
            boolean fresh = false;
            if (now - last.nanos >= Math.max(REREAD_NANOS, STALE_COSTS * last.cost)
                    || total - last.mmsbAt >= Math.max(1, room / 8)) {
                last = read(mappings);
                fresh = true;
            }
            if (last.estimate(total) > ceiling && !fresh
                    && (clock.getAsLong() - last.nanos >= Math.max(REFUSAL_REREAD_NANOS, 10 * last.cost)
                    || total - mappings != last.mmsbAt)) {
                last = read(mappings);
            }
            estimate = last.estimate(mmsb.get());
            if (estimate > ceiling) {
                long mine = mmsb.addAndGet(-mappings);
                throw new MappingLimitException(operation, address, length, mappings, estimate - mappings, mine,
                        maxMapCount, room);
            }
        }
    }

    /**
     * Adds {@code mappings} (negative to subtract) to MMSB's count, unchecked: for mappings that went away.
     *
     * @param mappings the change
     */
    public void adjust(long mappings) {
        mmsb.addAndGet(mappings);
    }

    /**
     * Counts a reservation of {@code bytes} made ({@code +}) or unmapped ({@code -}); its mappings go by claim/adjust.
     *
     * @param bytes the reservation's size, negative when it is unmapped
     */
    public void reserved(long bytes) {
        reservedBytes.addAndGet(bytes);
        reservations.addAndGet(Long.signum(bytes));
    }

    /** Reads /proc/self/maps now; the caller claimed {@code pending} mappings it has not made yet. */
    private Reading read(long pending) {
        synchronized (readLock) {
            long mine = mmsb.get() - pending;
            long start = clock.getAsLong();
            long count = processCount.getAsLong();
            long end = clock.getAsLong();
            Reading fresh = new Reading(count < 0 ? mine : count, mine, end, end - start);
            reading = fresh;
            return fresh;
        }
    }

    // ---- what there is ------------------------------------------------------------------------------------------

    /** {@return the kernel's {@code vm.max_map_count} (or {@value #DEFAULT_MAX_MAP_COUNT} where it cannot be read).} */
    public long maxMapCount() {
        return maxMapCount;
    }

    /** {@return mappings MMSB leaves free below {@link #maxMapCount()}.} */
    public long headroom() {
        return headroom;
    }

    /**
     * Sets the headroom for every later operation.
     *
     * @param headroom mappings MMSB leaves free below {@link #maxMapCount()}
     * @throws IllegalArgumentException unless {@code 0 <= headroom < maxMapCount()}
     */
    public void setHeadroom(long headroom) {
        this.headroom = checkHeadroom(headroom, maxMapCount);
    }

    /** {@return the mappings MMSB's live reservations make, by its count (an upper bound).} */
    public long mmsbMappings() {
        return mmsb.get();
    }

    /** {@return the process's mappings now: the lines of /proc/self/maps, read now (costly near the limit).} */
    public long processMappings() {
        return read(0).process;
    }

    /** {@return address space held by MMSB's live reservations, in bytes.} */
    public long reservedBytes() {
        return reservedBytes.get();
    }

    /** {@return MMSB's live reservations.} */
    public long reservations() {
        return reservations.get();
    }

    // ---- errors -------------------------------------------------------------------------------------------------

    /**
     * What most likely made a reserve ({@code mmap}) of {@code size} bytes fail with {@code ENOMEM}, and the fix: the
     * mapping count if the process is at {@code vm.max_map_count}, else the address space.
     *
     * @param size bytes the reserve asked for
     * @return the explanation, for a {@link NativeMemoryException#hint()}
     */
    public String explainReserveFailure(long size) {
        long process = read(0).process;
        if (process >= maxMapCount - 2) {
            return mappingsHint(process);
        }
        return new StringBuilder(480).append("The process most likely ran out of address space: MMSB's ")
                .append(reservations.get()).append(" reservations hold ").append(reservedBytes.get())
                .append(" bytes (").append(reservedBytes.get() >> 30).append(" GiB) of it, and this one asked for ")
                .append(size).append(" more (the process has ").append(process).append(" of vm.max_map_count=")
                .append(maxMapCount).append(" mappings, so the count is not the cause). Reserve less per structure"
                        + " (VectorOptions.withMaxCapacityElements, QueueOptions.withReservationBytes: address space is free until"
                        + " committed, but a 47-bit process has 128 TiB of it), hold fewer structures, or check the"
                        + " address-space limit (ulimit -v)")
                .toString();
    }

    /**
     * What most likely made an {@code mprotect} fail with {@code ENOMEM}: changing the protection of part of a
     * mapping splits it, which the kernel refuses at {@code vm.max_map_count}.
     *
     * @return the explanation, for a {@link NativeMemoryException#hint()}
     */
    public String explainSplitFailure() {
        return mappingsHint(read(0).process);
    }

    private String mappingsHint(long process) {
        return new StringBuilder(400).append("The process most likely ran out of memory mappings: it has ")
                .append(process).append(" of vm.max_map_count=").append(maxMapCount).append(" (").append(mmsb.get())
                .append(" of them made by MMSB reservations; MMSB keeps a headroom of ").append(headroom)
                .append(", which something else used up). Hold fewer mapped structures (each vector costs 2"
                        + " mappings, each queue up to 3), avoid committing or protecting scattered ranges (each"
                        + " hole costs 2), or raise vm.max_map_count (sysctl -w vm.max_map_count=262144)")
                .toString();
    }

    /**
     * Adds to {@code failure} what most likely ran out, if it is an {@code ENOMEM} from the kernel (not already a
     * refusal or explained).
     *
     * @param failure     what the syscall threw
     * @param reserveSize the size of a failed reserve, or -1 for a failed {@code mprotect}
     * @return {@code failure} with a hint, or {@code failure} itself
     */
    public NativeMemoryException explain(NativeMemoryException failure, long reserveSize) {
        if (failure.errno() != MappingLimitException.ENOMEM || failure instanceof MappingLimitException
                || failure.hint() != null) {
            return failure;
        }
        try {
            return failure.withHint(reserveSize >= 0 ? explainReserveFailure(reserveSize) : explainSplitFailure());
        } catch (RuntimeException | Error e) {
            failure.addSuppressed(e);
            return failure; // the kernel's answer matters more than the explanation
        }
    }

    // ---- reading the kernel's numbers ---------------------------------------------------------------------------

    /** {@code vm.max_map_count} from {@value #MAX_MAP_COUNT_FILE}, or {@value #DEFAULT_MAX_MAP_COUNT}. */
    static long readMaxMapCount() {
        byte[] text = new byte[64];
        int length = 0;
        try (FileInputStream in = new FileInputStream(MAX_MAP_COUNT_FILE)) {
            for (int n; length < text.length && (n = in.read(text, length, text.length - length)) > 0; ) {
                length += n;
            }
        } catch (IOException | SecurityException e) {
            return DEFAULT_MAX_MAP_COUNT;
        }
        long parsed = parseMaxMapCount(new String(text, 0, length, StandardCharsets.US_ASCII));
        return parsed > 0 ? parsed : DEFAULT_MAX_MAP_COUNT;
    }

    /** The number in the text of {@code /proc/sys/vm/max_map_count} ("65530\n"), or -1 if it holds no positive one. */
    static long parseMaxMapCount(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty() || trimmed.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value > 0 ? value : -1;
    }

    /** Lines in /proc/self/maps: the process's mappings; -1 if it cannot be read. */
    static long countProcessMappings() {
        synchronized (MAPS_BUFFER) {
            try (FileInputStream in = new FileInputStream(MAPS_FILE)) {
                return countLines(in, MAPS_BUFFER);
            } catch (IOException | SecurityException e) {
                return -1;
            }
        }
    }

    static long countLines(java.io.InputStream in, byte[] buffer) throws IOException {
        long lines = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    lines++;
                }
            }
        }
        return lines;
    }

    static long headroomFromProperty() {
        String value = System.getProperty(HEADROOM_PROPERTY);
        if (value == null) {
            return DEFAULT_HEADROOM;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        Diagnostics.logger().log(Level.WARNING, "-D{0}={1} is not a number of mappings >= 0; using {2}",
                HEADROOM_PROPERTY, value, String.valueOf(DEFAULT_HEADROOM));
        return DEFAULT_HEADROOM;
    }

    private static long checkHeadroom(long headroom, long maxMapCount) {
        if (headroom < 0 || headroom >= maxMapCount) {
            throw new IllegalArgumentException("headroom=" + headroom + " must be >= 0 and below vm.max_map_count="
                    + maxMapCount);
        }
        return headroom;
    }

    /** Builds each exception and message once, so that the classes they need are loaded before the limit. */
    private void preload() {
        new MappingLimitException("commit", 0, 4096, 1, 0, 0, maxMapCount, headroom).getMessage();
        NativeMemoryException plain = new NativeMemoryException("mmap", 0, 4096, MappingLimitException.ENOMEM,
                "Cannot allocate memory");
        explain(plain, 4096).getMessage();
        explain(plain, -1).getMessage();
        new Reading(0, 0, 0, 0).estimate(0);
    }

    @Override
    public String toString() {
        Reading last = reading;
        return new StringBuilder(160).append("MappingLimit[vm.max_map_count=").append(maxMapCount)
                .append(", headroom=").append(headroom).append(", mmsb=").append(mmsb.get()).append(", process~")
                .append(last.estimate(mmsb.get())).append(", reservedBytes=").append(reservedBytes.get()).append(']')
                .toString();
    }

    /** The process's mappings at one time, and MMSB's count then. */
    private static final class Reading {
        final long process;
        final long mmsbAt;
        final long nanos;
        /** How long the reading took. */
        final long cost;

        Reading(long process, long mmsbAt, long nanos, long cost) {
            this.process = process;
            this.mmsbAt = mmsbAt;
            this.nanos = nanos;
            this.cost = cost;
        }

        /** The process's mappings if MMSB's count is now {@code mmsb}. */
        long estimate(long mmsb) {
            return process + (mmsb - mmsbAt);
        }
    }
}
