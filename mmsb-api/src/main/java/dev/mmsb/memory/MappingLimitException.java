package dev.mmsb.memory;

/**
 * MMSB refused a reserve, commit, decommit or protect because it would have left the process fewer than the
 * headroom ({@link dev.mmsb.memory.limits.MappingLimit#headroom()}) memory mappings below the kernel's
 * {@code vm.max_map_count}. Thrown before any syscall: the reservation is exactly as it was.
 *
 * <p>Why MMSB refuses rather than letting the kernel say {@code ENOMEM}: at the limit, the JVM itself can no longer
 * map memory (a thread stack, a code cache or metaspace chunk, a class load) and dies with an hs_err file instead of
 * throwing. Every region of a reservation with its own protection is one mapping, so a structure costs a small, fixed
 * number (a vector two: its committed prefix and its reserved tail), and committing or protecting scattered pages
 * costs two more per hole.
 *
 * <p>{@link #errno()} is {@code ENOMEM} (12), what the kernel would have answered at the limit, so that code handling
 * a failed commit handles this too. The class, and everything its message needs, is loaded and initialised with
 * {@link dev.mmsb.memory.limits.MappingLimit}, before the first reservation, so building it needs no new mapping.
 */
public class MappingLimitException extends NativeMemoryException {
    private static final long serialVersionUID = 1L;
    /** Linux's {@code ENOMEM}. */
    public static final int ENOMEM = 12;

    /** Mappings the operation would have added. */
    private final long requested;
    /** The process's mappings when MMSB refused. */
    private final long processMappings;
    /** Of those, MMSB's. */
    private final long mmsbMappings;
    /** The kernel's limit. */
    private final long maxMapCount;
    /** Mappings MMSB leaves free below the limit. */
    private final long headroom;

    /**
     * A refusal; the message says what to do about it.
     *
     * @param operation       the refused operation, e.g. {@code "commit"}
     * @param address         start address of the range
     * @param length          bytes in the range
     * @param requested       mappings the operation would have added
     * @param processMappings the process's mappings now (last read of /proc/self/maps plus MMSB's changes since)
     * @param mmsbMappings    of those, the ones MMSB's reservations make
     * @param maxMapCount     {@code vm.max_map_count}
     * @param headroom        mappings MMSB leaves free below it
     */
    public MappingLimitException(String operation, long address, long length, long requested, long processMappings,
                                 long mmsbMappings, long maxMapCount, long headroom) {
        super(message(operation, address, length, requested, processMappings, mmsbMappings, maxMapCount, headroom),
                operation, address, length, ENOMEM, "refused by MMSB before the syscall", null);
        this.requested = requested;
        this.processMappings = processMappings;
        this.mmsbMappings = mmsbMappings;
        this.maxMapCount = maxMapCount;
        this.headroom = headroom;
    }

    private static String message(String operation, long address, long length, long requested, long processMappings,
                                  long mmsbMappings, long maxMapCount, long headroom) {
        // A StringBuilder, not concatenation: see NativeMemoryException.
        return new StringBuilder(640).append(operation).append(" refused on [0x").append(Long.toHexString(address))
                .append(", 0x").append(Long.toHexString(address + length)).append(") length=").append(length)
                .append(": it would add ").append(requested).append(requested == 1 ? " memory mapping" :
                        " memory mappings")
                .append(" to the process's ").append(processMappings).append(" (").append(mmsbMappings)
                .append(" of them made by MMSB reservations), leaving fewer than the headroom of ").append(headroom)
                .append(" below vm.max_map_count=").append(maxMapCount)
                .append(", which the JVM needs for its own threads and code. Nothing was changed. Fix: hold fewer"
                        + " mapped structures at once (each vector costs 2 mappings, each queue up to 3, and every"
                        + " separately committed or protected range inside a reservation 2 more), raise"
                        + " vm.max_map_count (sysctl -w vm.max_map_count=262144), or, if the JVM needs less room,"
                        + " lower the headroom with -Dmmsb.mapHeadroom or MappingLimit.setHeadroom")
                .toString();
    }

    /** {@return mappings the refused operation would have added.} */
    public long requested() {
        return requested;
    }

    /** {@return the process's mappings when MMSB refused (MMSB's estimate from its last read of /proc/self/maps).} */
    public long processMappings() {
        return processMappings;
    }

    /** {@return of {@link #processMappings()}, those MMSB's reservations make (an upper bound).} */
    public long mmsbMappings() {
        return mmsbMappings;
    }

    /** {@return the kernel's {@code vm.max_map_count}.} */
    public long maxMapCount() {
        return maxMapCount;
    }

    /** {@return the mappings MMSB leaves free below {@link #maxMapCount()}.} */
    public long headroom() {
        return headroom;
    }
}
