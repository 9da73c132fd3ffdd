package dev.mmsb.vector;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * How a vector is sized: initial capacity, maximum capacity (which sizes its reservation) and shrink policy, and how it
 * faults memory in: transparent huge pages and populate steps. Immutable; start from {@link #defaults()} and chain the {@code with} methods, as for {@code QueueOptions}. Each
 * name says its unit, elements or bytes:
 *
 * <pre>{@code
 * VectorOptions options = VectorOptions.defaults()
 *         .withInitialCapacityElements(1024)
 *         .withMaxCapacityElements(1_000_000);
 * }</pre>
 *
 * <p><b>Huge pages</b> ({@link #withHugePages(boolean)}, on by default): a vector whose reservation can hold a huge page
 * (2 MiB on x86-64; the default reservation can) advises the kernel to back it with transparent huge pages
 * ({@code MADV_HUGEPAGE}), so growth takes one page fault per 2 MiB instead of one per 4 KiB, and random access
 * misses the TLB less. Past one huge page, the vector commits and shrinks in whole huge pages, because decommitting
 * part of a huge page only splits it and may leave its memory in use; below that it pages as before, so a small
 * vector still costs its few 4 KiB pages (the first 2 MiB of a vector are always faulted in 4 KiB pages, and a vector
 * costs at most its data plus one huge page of resident memory beyond what it would without them). Needs THP
 * {@code enabled} set to {@code always} or {@code madvise}; elsewhere the kernel refuses, MMSB logs that once and
 * faults 4 KiB pages. {@code trimToSize()} still decommits every page no element occupies: the huge page it cuts is
 * split, and the kernel frees its unused part under memory pressure.
 *
 * <p><b>Populate steps</b> ({@link #withPopulateStepBytes(long)}, 8 MiB by default): as pushes reach the end of the
 * memory faulted in so far, the vector faults in the next step of committed memory in one syscall
 * ({@code MADV_POPULATE_WRITE}, Linux 5.14+) instead of one page fault per page. Resident memory is then at most the
 * data plus one step, never the doubled commit. {@code ensureCapacity(n)} commits but populates nothing. On a kernel that
 * refuses, MMSB logs that once and the vector lets pages fault in on first touch.
 *
 * <p>The maximum capacity only reserves address space, which costs nothing until committed. By default it is as
 * many elements as fit in {@value #DEFAULT_MAX_BYTES} bytes ({@code 32 GiB}); a process has about 128 TiB of user
 * address space, so set a smaller maximum when you keep thousands of vectors open at once.
 */
public final class VectorOptions {
    /** Address space reserved per vector when no maximum capacity is set: 32 GiB. */
    public static final long DEFAULT_MAX_BYTES = 32L << 30;

    /** Bytes faulted in ahead of the pushes at a time by default: 8 MiB. */
    public static final long DEFAULT_POPULATE_STEP_BYTES = 8L << 20;

    private static final VectorOptions DEFAULTS = new VectorOptions(0, 0, ShrinkPolicy.DEFAULT, true,
            DEFAULT_POPULATE_STEP_BYTES);

    private final long initialCapacity;
    /** In elements; 0 means {@link #DEFAULT_MAX_BYTES} divided by the element size. */
    private final long maxCapacity;
    private final ShrinkPolicy shrinkPolicy;
    private final boolean hugePages;
    private final long populateStepBytes;

    private VectorOptions(long initialCapacity, long maxCapacity, ShrinkPolicy shrinkPolicy, boolean hugePages,
                          long populateStepBytes) {
        this.initialCapacity = initialCapacity;
        this.maxCapacity = maxCapacity;
        this.shrinkPolicy = shrinkPolicy;
        this.hugePages = hugePages;
        this.populateStepBytes = populateStepBytes;
    }

    /**
     * Initial capacity 0 (nothing committed until the first push), 32 GiB maximum, {@link ShrinkPolicy#DEFAULT}, huge
     * pages on, populate steps of {@value #DEFAULT_POPULATE_STEP_BYTES} bytes (8 MiB).
     *
     * @return the default options
     */
    public static VectorOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Elements committed at construction and kept committed by automatic shrinking (see {@link ShrinkPolicy}).
     *
     * @param elements the initial capacity in elements
     * @return options with this initial capacity, the rest as these
     * @throws IllegalArgumentException if negative
     */
    public VectorOptions withInitialCapacityElements(long elements) {
        if (elements < 0) {
            throw new IllegalArgumentException("initialCapacityElements=" + elements + " must not be negative");
        }
        return new VectorOptions(elements, maxCapacity, shrinkPolicy, hugePages, populateStepBytes);
    }

    /**
     * The most elements the vector can ever hold; its reservation is this many elements, rounded up to whole pages.
     * Must be at least the initial capacity (checked when the vector is made).
     *
     * @param elements the maximum capacity in elements
     * @return options with this maximum capacity, the rest as these
     * @throws IllegalArgumentException if not positive
     */
    public VectorOptions withMaxCapacityElements(long elements) {
        if (elements <= 0) {
            throw new IllegalArgumentException("maxCapacityElements=" + elements + " must be positive");
        }
        return new VectorOptions(initialCapacity, elements, shrinkPolicy, hugePages, populateStepBytes);
    }

    /**
     * When removals decommit; {@link ShrinkPolicy#DEFAULT} unless set.
     *
     * @param policy the shrink policy
     * @return options with this policy, the rest as these
     * @throws NullPointerException if {@code policy} is null
     */
    public VectorOptions withShrinkPolicy(ShrinkPolicy policy) {
        return new VectorOptions(initialCapacity, maxCapacity, Objects.requireNonNull(policy, "policy"), hugePages,
                populateStepBytes);
    }

    /**
     * Whether the vector asks for transparent huge pages (see the class comment); on by default. Off, it never
     * advises {@code MADV_HUGEPAGE} and commits and shrinks in 4 KiB pages.
     *
     * @param enabled whether to ask for huge pages
     * @return options with this setting, the rest as these
     */
    public VectorOptions withHugePages(boolean enabled) {
        return new VectorOptions(initialCapacity, maxCapacity, shrinkPolicy, enabled, populateStepBytes);
    }

    /**
     * Bytes of committed memory faulted in at a time ahead of the pushes (see the class comment), rounded up to whole
     * pages; 0 turns populating off, and pages fault in on first touch.
     *
     * @param bytes the populate step in bytes, or 0
     * @return options with this step, the rest as these
     * @throws IllegalArgumentException if negative
     */
    public VectorOptions withPopulateStepBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("populateStepBytes=" + bytes + " must not be negative");
        }
        return new VectorOptions(initialCapacity, maxCapacity, shrinkPolicy, hugePages, bytes);
    }

    /** {@return whether the vector asks for transparent huge pages} */
    public boolean hugePages() {
        return hugePages;
    }

    /** {@return bytes populated ahead of the pushes at a time; 0 when populating is off.} */
    public long populateStepBytes() {
        return populateStepBytes;
    }

    /** {@return elements committed at construction; 0 unless set} */
    public long initialCapacityElements() {
        return initialCapacity;
    }

    /**
     * {@return the configured maximum capacity in elements, or empty for the default ({@link #DEFAULT_MAX_BYTES}
     * worth)}
     */
    public OptionalLong maxCapacityElements() {
        return maxCapacity == 0 ? OptionalLong.empty() : OptionalLong.of(maxCapacity);
    }

    /** {@return when removals decommit} */
    public ShrinkPolicy shrinkPolicy() {
        return shrinkPolicy;
    }

    /** The maximum capacity for elements of {@code elementSize} bytes. */
    long maxCapacityFor(int elementSize) {
        return maxCapacity != 0 ? maxCapacity : Math.max(1, DEFAULT_MAX_BYTES / elementSize);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof VectorOptions)) {
            return false;
        }
        VectorOptions other = (VectorOptions) o;
        return initialCapacity == other.initialCapacity && maxCapacity == other.maxCapacity
                && shrinkPolicy.equals(other.shrinkPolicy) && hugePages == other.hugePages
                && populateStepBytes == other.populateStepBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialCapacity, maxCapacity, shrinkPolicy, hugePages, populateStepBytes);
    }

    @Override
    public String toString() {
        return "VectorOptions[initialCapacityElements=" + initialCapacity + ", maxCapacityElements="
                + (maxCapacity == 0 ? "default" : Long.toString(maxCapacity)) + ", " + shrinkPolicy + ", hugePages="
                + hugePages + ", populateStepBytes=" + populateStepBytes + "]";
    }
}
