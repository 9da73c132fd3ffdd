package dev.mmsb.vector;

/**
 * An operation would need more elements than the vector's maximum capacity (its reservation). Thrown before anything
 * changes: the vector is as it was.
 */
public final class CapacityExceededException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final long requestedSize;
    private final long maxCapacity;

    public CapacityExceededException(String message, long requestedSize, long maxCapacity) {
        super(message);
        this.requestedSize = requestedSize;
        this.maxCapacity = maxCapacity;
    }

    /** The number of elements the operation needed room for; negative when that number overflowed a long. */
    public long requestedSize() {
        return requestedSize;
    }

    /** The vector's maximum capacity in elements. */
    public long maxCapacity() {
        return maxCapacity;
    }
}
