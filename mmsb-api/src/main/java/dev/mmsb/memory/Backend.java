package dev.mmsb.memory;

/**
 * A way of mapping and touching memory: the Panama backend ({@code java.lang.foreign}) or the Unsafe backend
 * ({@code sun.misc.Unsafe} with JNA). Get one with {@link Backends#load()} or through {@code dev.mmsb.inject.MmsbModule}.
 * Backends are stateless and thread-safe.
 */
public interface Backend {

    /** {@return the backend's name as {@code mmsb.backend} spells it: {@code "panama"} or {@code "unsafe"}.} */
    String name();

    /** {@return the OS page size in bytes, a power of two. All paging ranges are multiples of it.} */
    long pageSize();

    /**
     * Reserves address space with no memory behind it ({@code PROT_NONE}, {@code MAP_NORESERVE}); nothing is touched.
     *
     * @param bytes at least 1; rounded up to {@link #pageSize()}
     * @throws IllegalArgumentException if {@code bytes} is not positive or overflows when rounded
     * @throws MappingLimitException if one more mapping would leave the process fewer than the headroom below
     *                               {@code vm.max_map_count} (see {@link dev.mmsb.memory.limits.MappingLimit});
     *                               thrown before {@code mmap}
     * @throws NativeMemoryException if {@code mmap} fails; for {@code ENOMEM} the message says whether the address
     *                               space or the mapping count most likely ran out, and what to do
     * @return the reservation, every page reserved and none committed
     */
    Reservation reserve(long bytes);
}
