package dev.mmsb.vector;

import java.util.Objects;

/**
 * How a vector is sized: initial capacity, maximum capacity (which sizes its reservation) and shrink policy.
 * Immutable; each setter returns a new instance: {@code VectorOptions.defaults().initialCapacity(1024)}.
 *
 * <p>The maximum capacity only reserves address space, which costs nothing until committed. By default it is as
 * many elements as fit in {@value #DEFAULT_MAX_BYTES} bytes ({@code 32 GiB}); a process has about 128 TiB of user
 * address space, so set a smaller maximum when you keep thousands of vectors open at once.
 */
public final class VectorOptions {
    /** Address space reserved per vector when no maximum capacity is set: 32 GiB. */
    public static final long DEFAULT_MAX_BYTES = 32L << 30;

    private static final VectorOptions DEFAULTS = new VectorOptions(0, 0, ShrinkPolicy.DEFAULT);

    private final long initialCapacity;
    /** In elements; 0 means {@link #DEFAULT_MAX_BYTES} divided by the element size. */
    private final long maxCapacity;
    private final ShrinkPolicy shrinkPolicy;

    private VectorOptions(long initialCapacity, long maxCapacity, ShrinkPolicy shrinkPolicy) {
        this.initialCapacity = initialCapacity;
        this.maxCapacity = maxCapacity;
        this.shrinkPolicy = shrinkPolicy;
    }

    /** Initial capacity 0 (nothing committed until the first push), 32 GiB maximum, {@link ShrinkPolicy#DEFAULT}. */
    public static VectorOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Elements committed at construction and kept committed by automatic shrinking (see {@link ShrinkPolicy}).
     *
     * @throws IllegalArgumentException if negative
     */
    public VectorOptions initialCapacity(long elements) {
        if (elements < 0) {
            throw new IllegalArgumentException("initialCapacity=" + elements + " must not be negative");
        }
        return new VectorOptions(elements, maxCapacity, shrinkPolicy);
    }

    /**
     * The most elements the vector can ever hold; its reservation is this many elements, rounded up to whole pages.
     * Must be at least the initial capacity (checked when the vector is made).
     *
     * @throws IllegalArgumentException if not positive
     */
    public VectorOptions maxCapacity(long elements) {
        if (elements <= 0) {
            throw new IllegalArgumentException("maxCapacity=" + elements + " must be positive");
        }
        return new VectorOptions(initialCapacity, elements, shrinkPolicy);
    }

    public VectorOptions shrinkPolicy(ShrinkPolicy policy) {
        return new VectorOptions(initialCapacity, maxCapacity, Objects.requireNonNull(policy, "policy"));
    }

    public long initialCapacity() {
        return initialCapacity;
    }

    /** The configured maximum capacity, or 0 when it is the default ({@link #DEFAULT_MAX_BYTES} worth of elements). */
    public long maxCapacity() {
        return maxCapacity;
    }

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
                && shrinkPolicy.equals(other.shrinkPolicy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialCapacity, maxCapacity, shrinkPolicy);
    }

    @Override
    public String toString() {
        return "VectorOptions[initialCapacity=" + initialCapacity + ", maxCapacity="
                + (maxCapacity == 0 ? "default" : Long.toString(maxCapacity)) + ", " + shrinkPolicy + "]";
    }
}
