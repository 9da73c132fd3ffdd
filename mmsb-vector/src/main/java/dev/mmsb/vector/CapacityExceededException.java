package dev.mmsb.vector;

/**
 * An operation would need more elements than the vector's maximum capacity (its reservation). Thrown before anything
 * changes: the vector is as it was.
 */
public final class CapacityExceededException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Elements the operation needed room for. */
    private final long requestedSize;
    /** The vector's maximum capacity in elements. */
    private final long maxCapacity;

    /**
     * A refused operation.
     *
     * @param message       what was refused and why
     * @param requestedSize elements the operation needed room for; negative when that overflowed a long
     * @param maxCapacity   the vector's maximum capacity in elements
     */
    public CapacityExceededException(String message, long requestedSize, long maxCapacity) {
        super(message);
        this.requestedSize = requestedSize;
        this.maxCapacity = maxCapacity;
    }

    /** {@return the number of elements the operation needed room for; negative when that number overflowed a long.} */
    public long requestedSize() {
        return requestedSize;
    }

    /** {@return the vector's maximum capacity in elements.} */
    public long maxCapacity() {
        return maxCapacity;
    }
}
