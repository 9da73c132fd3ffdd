package dev.mmsb.memory.limits;

import dev.mmsb.internal.diag.BudgetEvents;
import dev.mmsb.memory.BudgetExceededException;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A process-wide budget for the bytes committed through MMSB, on every backend and reservation: a commit that would
 * pass it throws {@link BudgetExceededException} before any syscall, so that a container's memory limit ends in an
 * exception rather than in the kernel's OOM killer (exit 137). The default is no budget.
 *
 * <p><b>Setting it.</b> {@code -Dmmsb.budget=512m} (bytes, or with a suffix {@code k}, {@code m}, {@code g},
 * {@code t}, powers of 1024), {@code -Dmmsb.budget=75%} (a share of the container's limit: cgroup v2
 * {@code memory.max}, cgroup v1 {@code memory.limit_in_bytes}, else the machine's physical memory), or {@code none};
 * at run time {@link #setBudget(String)}, {@link #setBudget(long)} and {@link #clearBudget()}; with Guice,
 * {@code new MmsbModule().withBudget("75%")}. A budget below what is committed already refuses every commit until
 * enough is given back; nothing is taken away. A malformed {@value #BUDGET_PROPERTY} does not leave the process without
 * the budget it asked for: every commit then throws an {@link IllegalStateException} that quotes the setting, until a
 * valid budget is set.
 *
 * <p><b>Accounting.</b> Every reservation reports each commit and decommit (and the pages a release or its Cleaner
 * frees) here: one compare-and-set on one {@link AtomicLong} per commit or decommit, next to the syscall it
 * accompanies, and nothing on the element hot paths. A commit first takes its bytes from the budget (the CAS loop
 * fails without changing anything if they do not fit), then makes the syscall, and gives them back if that fails, so
 * the count never runs ahead of the budget and never drifts.
 *
 * <p><b>Giving slack back before refusing.</b> Structures that may hold committed memory they do not use (a queue's
 * lap above its elements, a vector's room above its size) register a {@link Holder}. Before refusing, the refusing
 * thread sets every holder's trim request and waits up to {@value #DEFAULT_TRIM_WAIT_MILLIS} ms (system property
 * {@value #TRIM_WAIT_PROPERTY}) for the memory to come back, then tries once more. <em>The trimming is done by the
 * thread that owns each structure</em>, at its next out-of-line operation (see each structure's Javadoc), never by the
 * refusing thread: vectors and queues are not thread-safe, and decommitting pages that their owner may be writing
 * would race with it. So a structure whose owner is busy elsewhere, blocked, or is the refusing thread itself keeps
 * its slack for now, and the refusal stands; the trim request stays set, and the owner honours it later.
 *
 * <p><b>Metrics.</b> {@link MemoryMetrics} (the JMX MBean {@value MemoryMetrics#OBJECT_NAME}, registered when this
 * class loads unless {@code -Dmmsb.jmx=false}), the periodic JFR events {@code dev.mmsb.MemorySummary} and
 * {@code dev.mmsb.BackendCommitted}, and a refusal JFR event {@code dev.mmsb.BudgetRefusal}. The mapping headroom
 * ({@link MappingLimit}) is the other half of this package: both keep the process away from a limit whose kernel
 * answer is death.
 */
public final class MemoryBudget {
    /** System property: the budget, e.g. {@code 512m}, {@code 75%} or {@code none}. */
    public static final String BUDGET_PROPERTY = "mmsb.budget";
    /** System property: how long a refused commit waits for trims, in milliseconds. */
    public static final String TRIM_WAIT_PROPERTY = "mmsb.budget.trimWaitMillis";
    /** How long a refused commit waits for trims, in milliseconds, unless {@value #TRIM_WAIT_PROPERTY} says. */
    public static final long DEFAULT_TRIM_WAIT_MILLIS = 100;
    /** What {@link #budget()} returns when there is no budget. */
    public static final long NONE = -1;
    /** Holders the refusal message names. */
    static final int HOLDERS_NAMED = 3;

    private static final MemoryBudget PROCESS;

    static {
        PROCESS = new MemoryBudget(CgroupMemory.system());
        PROCESS.applyStartupSetting(System.getProperty(BUDGET_PROPERTY));
        PROCESS.trimWaitNanos = Long.getLong(TRIM_WAIT_PROPERTY, DEFAULT_TRIM_WAIT_MILLIS) * 1_000_000L;
        BudgetEvents.registerPeriodic(PROCESS::emitSummary, PROCESS::emitBackends);
        MemoryMetrics.registerIfEnabled(PROCESS);
    }

    private final CgroupMemory cgroup;
    private final AtomicLong committed = new AtomicLong();
    private final ConcurrentHashMap<String, AtomicLong> byBackend = new ConcurrentHashMap<>();
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicLong trims = new AtomicLong();
    private final AtomicLong trimmedBytes = new AtomicLong();
    private final AtomicLong holderIds = new AtomicLong();
    private final ConcurrentHashMap<Long, WeakReference<Holder>> holders = new ConcurrentHashMap<>();
    private final Object trimSignal = new Object();
    /** Long.MAX_VALUE for none, so that the CAS loop needs no branch for it. */
    private volatile long limit = Long.MAX_VALUE;
    private volatile String setting = "none";
    private volatile long trimWaitNanos = DEFAULT_TRIM_WAIT_MILLIS * 1_000_000L;
    /** Why the {@value #BUDGET_PROPERTY} given at start-up was refused; null once a valid budget is set. */
    private volatile IllegalArgumentException invalidSetting;

    MemoryBudget(CgroupMemory cgroup) {
        this.cgroup = cgroup;
    }

    /** {@return the one budget every reservation of this process reports to} */
    public static MemoryBudget process() {
        return PROCESS;
    }

    // ---- settings -----------------------------------------------------------------------------------------------

    /**
     * Applies {@value #BUDGET_PROPERTY} as the process found it at start-up. A malformed setting must not leave the
     * process running without the budget it asked for, nor fail the class's initialisation (which would turn every
     * later use of MMSB into a {@code NoClassDefFoundError} that names nothing): the budget becomes 0 and every commit
     * throws an {@link IllegalStateException} that quotes the setting and says what is wrong with it, until a valid
     * budget is set at run time.
     */
    void applyStartupSetting(String spec) {
        if (spec == null || spec.isBlank()) {
            return;
        }
        try {
            setBudget(spec);
        } catch (IllegalArgumentException e) {
            apply("invalid: " + e.getMessage(), 0, e);
        }
    }

    /** {@return the budget in bytes, or {@link #NONE} if there is none} */
    public long budget() {
        long l = limit;
        return l == Long.MAX_VALUE ? NONE : l;
    }

    /**
     * {@return the setting the budget came from: {@code "512m"}, {@code "75% of 268435456 bytes from cgroup v1 ..."},
     * {@code "none"}, ...}
     */
    public String setting() {
        return setting;
    }

    /**
     * Sets the budget to {@code bytes}. Takes effect at the next commit; nothing committed is taken away.
     *
     * @param bytes the budget in bytes, positive
     * @throws IllegalArgumentException unless {@code bytes > 0}
     */
    public void setBudget(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("budget=" + bytes + " must be positive; clearBudget() removes it");
        }
        apply(bytes + " bytes", bytes, null);
    }

    /**
     * Sets the budget from a setting as {@value #BUDGET_PROPERTY} takes it: {@code 536870912}, {@code 512m},
     * {@code 2g}, {@code 75%} (of the container's limit, else of physical memory) or {@code none}.
     *
     * @param spec the setting, case and surrounding blanks ignored
     * @throws NullPointerException if {@code spec} is null
     * @throws IllegalArgumentException for anything else, or a percentage when no limit can be read
     */
    public void setBudget(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("none")) {
            clearBudget();
            return;
        }
        if (s.endsWith("%")) {
            double percent = parsePercent(spec, s.substring(0, s.length() - 1));
            CgroupMemory.Limit of = cgroup.limit();
            if (of.bytes <= 0) {
                throw new IllegalArgumentException(BUDGET_PROPERTY + "=" + spec + ": no memory limit could be read"
                        + " (no cgroup memory limit, no MemTotal in /proc/meminfo); give the budget in bytes");
            }
            long bytes = Math.max(1, (long) Math.floor(of.bytes * (percent / 100.0)));
            apply(spec.trim() + " of " + of, bytes, null);
            return;
        }
        apply(spec.trim(), parseSize(spec, s), null);
    }

    /** No budget from now on. */
    public void clearBudget() {
        apply("none", Long.MAX_VALUE, null);
    }

    /** Every setting goes through here, so that a valid one always clears an invalid start-up setting. */
    private void apply(String setting, long limit, IllegalArgumentException invalid) {
        this.setting = setting;
        this.invalidSetting = invalid;
        this.limit = limit;
    }

    /**
     * {@return the limit a percentage budget is a share of, in bytes: the cgroup's, else physical memory; -1 if
     * unknown}
     */
    public long containerLimit() {
        return cgroup.limit().bytes;
    }

    /** {@return where {@link #containerLimit()} comes from, e.g. {@code "cgroup v2 /sys/fs/cgroup/memory.max"}} */
    public String containerLimitSource() {
        return cgroup.limit().source;
    }

    /**
     * Sets how long a refused commit waits for the structures' owners to trim.
     *
     * @param millis the wait in milliseconds; 0 to not wait
     * @throws IllegalArgumentException if {@code millis} is negative
     */
    public void setTrimWaitMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("trimWaitMillis=" + millis + " must not be negative");
        }
        trimWaitNanos = millis * 1_000_000L;
    }

    static long parseSize(String spec, String s) {
        long unit = 1;
        String digits = s.endsWith("b") && s.length() > 1 && !Character.isDigit(s.charAt(s.length() - 2))
                ? s.substring(0, s.length() - 1) : s;
        if (!digits.isEmpty()) {
            switch (digits.charAt(digits.length() - 1)) {
                case 'k': unit = 1L << 10; break;
                case 'm': unit = 1L << 20; break;
                case 'g': unit = 1L << 30; break;
                case 't': unit = 1L << 40; break;
                default: break;
            }
        }
        if (unit != 1) {
            digits = digits.substring(0, digits.length() - 1);
        }
        long value;
        try {
            value = Long.parseLong(digits.trim());
        } catch (NumberFormatException e) {
            throw badSpec(spec);
        }
        if (value <= 0 || value > Long.MAX_VALUE / unit) {
            throw badSpec(spec);
        }
        return value * unit;
    }

    private static double parsePercent(String spec, String number) {
        double percent;
        try {
            percent = Double.parseDouble(number.trim());
        } catch (NumberFormatException e) {
            throw badSpec(spec);
        }
        if (!(percent > 0 && percent <= 100)) {
            throw badSpec(spec);
        }
        return percent;
    }

    private static IllegalArgumentException badSpec(String spec) {
        return new IllegalArgumentException(BUDGET_PROPERTY + "=" + spec + " is not a budget: give bytes (536870912),"
                + " a size with k, m, g or t (512m), a percentage of the container's limit in (0, 100] (75%),"
                + " or none");
    }

    // ---- accounting (called by the reservations) ----------------------------------------------------------------

    /**
     * Takes {@code bytes} about to be committed on {@code backend} from the budget, if they fit. Call before the
     * syscall, and {@link #uncommitted} them if it fails. Thread-safe: one compare-and-set loop.
     *
     * @param backend the backend's name, e.g. {@code "panama"}
     * @param bytes   the bytes about to be committed; 0 or less always fits and counts nothing
     * @return true if they fit and are now counted; false if not, and nothing is counted
     * @throws IllegalStateException if {@value #BUDGET_PROPERTY} was malformed at start-up and no valid budget has been
     *                               set since; nothing is counted
     */
    public boolean tryCommit(String backend, long bytes) {
        if (bytes <= 0) {
            return true;
        }
        long l = limit;
        for (long c = committed.get(); ; c = committed.get()) {
            long next = c + bytes;
            if (next > l || next < 0) {
                IllegalArgumentException invalid = invalidSetting;
                if (invalid != null) {
                    // Off the fitting path: the budget is 0 while the setting is invalid, so every commit lands here.
                    throw new IllegalStateException("no commit is allowed while the commit budget is invalid: "
                            + invalid.getMessage() + "; fix -D" + BUDGET_PROPERTY + ", or call MemoryBudget.process()"
                            + ".setBudget(..) or clearBudget()", invalid);
                }
                return false;
            }
            if (committed.compareAndSet(c, next)) {
                break;
            }
        }
        backendCounter(backend).addAndGet(bytes);
        return true;
    }

    /**
     * Counts {@code bytes} on {@code backend} as no longer committed (a decommit, a release, a failed commit).
     *
     * @param backend the backend's name, as given to {@link #tryCommit}
     * @param bytes   the bytes no longer committed
     */
    public void uncommitted(String backend, long bytes) {
        if (bytes != 0) {
            committed.addAndGet(-bytes);
            backendCounter(backend).addAndGet(-bytes);
        }
    }

    /**
     * Before refusing a commit of {@code bytes}: asks every holder to trim and waits, up to the trim wait, until the
     * bytes fit. Never called with a reservation's lock held.
     *
     * @param bytes the bytes of the commit that did not fit
     * @return true if they fit now (the caller tries again), false if not
     */
    public boolean makeRoom(long bytes) {
        if (fits(bytes)) {
            return true;
        }
        int asked = 0;
        for (Holder h : liveHolders()) {
            if (h.memory.committedBytes() > 0) {
                h.trimRequested = true;
                asked++;
            }
        }
        long wait = trimWaitNanos;
        if (asked == 0 || wait == 0) {
            return fits(bytes);
        }
        long deadline = System.nanoTime() + wait;
        synchronized (trimSignal) {
            for (long left = wait; !fits(bytes) && left > 0; left = deadline - System.nanoTime()) {
                try {
                    // A short wait at most: memory also comes back through plain decommits, which do not signal.
                    trimSignal.wait(Math.max(1, Math.min(left / 1_000_000L, 5)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return fits(bytes);
    }

    private boolean fits(long bytes) {
        long c = committed.get();
        return c + bytes <= limit && c + bytes >= 0;
    }

    /**
     * The exception for a commit of {@code bytes} that does not fit even after {@link #makeRoom}; counts the refusal
     * and records it as a JFR event.
     *
     * @param operation the refused operation, e.g. {@code "commit"}
     * @param backend   the backend's name
     * @param address   start address of the range the commit was for
     * @param length    bytes in that range
     * @param bytes     bytes the commit would have added
     * @return the exception, for the caller to throw
     */
    public BudgetExceededException refuse(String operation, String backend, long address, long length, long bytes) {
        long budget = limit;
        long now = committed.get();
        refusals.incrementAndGet();
        List<String> named = largestHolders(now);
        BudgetEvents.refusal(operation, backend, budget, now, bytes, String.join(", ", named));
        return new BudgetExceededException(operation, address, length, budget, now, bytes, named);
    }

    /** The largest holders, largest first, and what no holder accounts for. */
    private List<String> largestHolders(long total) {
        List<Holder> live = liveHolders();
        long[] sizes = new long[live.size()];
        Integer[] order = new Integer[live.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = live.get(i).memory.committedBytes();
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(sizes[b], sizes[a]));
        List<String> named = new ArrayList<>();
        long accounted = 0;
        for (int i = 0; i < sizes.length; i++) {
            accounted += sizes[order[i]];
            if (i < HOLDERS_NAMED && sizes[order[i]] > 0) {
                named.add(live.get(order[i]).name + ": " + sizes[order[i]] + " bytes");
            }
        }
        if (total - accounted > 0) {
            named.add("reservations outside MMSB's structures: " + (total - accounted) + " bytes");
        }
        return named;
    }

    private AtomicLong backendCounter(String backend) {
        AtomicLong counter = byBackend.get(backend);
        return counter != null ? counter : byBackend.computeIfAbsent(backend, b -> new AtomicLong());
    }

    // ---- holders ------------------------------------------------------------------------------------------------

    /**
     * Registers a structure that may hold committed memory it does not use, so that a refusal can ask it to give that
     * back. {@code memory} is read (its committed bytes) from any thread. The registry holds the holder weakly: a
     * structure that is never closed is still collected.
     *
     * @param name   what the refusal message calls it, e.g. {@code "MappedIntVector (reservation #12)"}
     * @param memory the structure's reservation
     * @return the holder; the structure keeps it, and closes it when the structure closes
     */
    public Holder register(String name, dev.mmsb.memory.Reservation memory) {
        Holder holder = new Holder(this, holderIds.incrementAndGet(), name, memory);
        holders.put(holder.id, new WeakReference<>(holder));
        return holder;
    }

    private List<Holder> liveHolders() {
        List<Holder> live = new ArrayList<>(holders.size());
        for (Map.Entry<Long, WeakReference<Holder>> e : holders.entrySet()) {
            Holder h = e.getValue().get();
            if (h == null || h.memory.isReleased()) {
                holders.remove(e.getKey(), e.getValue());
            } else {
                live.add(h);
            }
        }
        return live;
    }

    /**
     * A structure's link to the budget. Its owner thread checks {@link #trimRequested()} on its out-of-line
     * operations (growing, shrinking, clearing, and whatever else the structure names) and, if set, gives back what it
     * does not use and reports it with {@link #trimmed(long)}; any thread may set the request. {@link #close()} when
     * the structure closes.
     */
    public static final class Holder {
        private final MemoryBudget budget;
        private final long id;
        private final String name;
        private final dev.mmsb.memory.Reservation memory;
        private volatile boolean trimRequested;

        private Holder(MemoryBudget budget, long id, String name, dev.mmsb.memory.Reservation memory) {
            this.budget = budget;
            this.id = id;
            this.name = name;
            this.memory = memory;
        }

        /** {@return whether a refusal asked this structure to give back what it does not use} One volatile read. */
        public boolean trimRequested() {
            return trimRequested;
        }

        /** Sets the trim request, as a refusal does. */
        public void requestTrim() {
            trimRequested = true;
        }

        /**
         * The owner honoured the request: clears it, counts the trim and wakes a refused commit waiting for room.
         *
         * @param bytes the bytes given back; 0 if there was nothing to give
         */
        public void trimmed(long bytes) {
            trimRequested = false;
            budget.trims.incrementAndGet();
            budget.trimmedBytes.addAndGet(bytes);
            BudgetEvents.trim(name, bytes);
            synchronized (budget.trimSignal) {
                budget.trimSignal.notifyAll();
            }
        }

        /** The structure closed: forget it. */
        public void close() {
            budget.holders.remove(id);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    // ---- what there is ------------------------------------------------------------------------------------------

    /** {@return bytes committed through MMSB now, every backend} */
    public long committedBytes() {
        return committed.get();
    }

    /**
     * {@return bytes committed through MMSB on {@code backend} now; 0 for a backend that never committed}
     *
     * @param backend the backend's name, e.g. {@code "panama"}
     */
    public long committedBytes(String backend) {
        AtomicLong counter = byBackend.get(backend);
        return counter == null ? 0 : counter.get();
    }

    /**
     * {@return bytes committed per backend that has committed anything since the JVM started; an unmodifiable
     * snapshot}
     */
    public Map<String, Long> committedByBackend() {
        Map<String, Long> map = new TreeMap<>();
        byBackend.forEach((b, c) -> map.put(b, c.get()));
        return Collections.unmodifiableMap(map);
    }

    /** {@return the number of commits refused since the JVM started} */
    public long refusals() {
        return refusals.get();
    }

    /** {@return the number of trim requests honoured since the JVM started} */
    public long trims() {
        return trims.get();
    }

    /** {@return bytes the honoured trims gave back} */
    public long trimmedBytes() {
        return trimmedBytes.get();
    }

    /** {@return the number of live registered structures} */
    public int holders() {
        return liveHolders().size();
    }

    private void emitSummary() {
        MappingLimit maps = MappingLimit.process();
        BudgetEvents.summary(committed.get(), maps.reservedBytes(), maps.reservations(), maps.mmsbMappings(),
                budget(), refusals.get(), trims.get(), trimmedBytes.get());
    }

    private void emitBackends() {
        byBackend.forEach((b, c) -> BudgetEvents.backendCommitted(b, c.get()));
    }
}
