package dev.mmsb.bench.floor;

/**
 * The floor the paging benchmarks compare the backends with: {@code mmap}/{@code mprotect}/{@code madvise}/{@code
 * munmap} issued directly, with no checks and no bookkeeping, and an unchecked store for the first touch. Failures are
 * {@link IllegalStateException}s with errno. Two ways to make the calls, each the one a backend builds on:
 * {@code syscall-panama} ({@code PanamaSyscalls}, raw {@code java.lang.foreign} downcalls: the cheapest way from Java,
 * under the Panama backend) and {@code syscall-jna} ({@link JnaSyscalls}, JNA direct mapping, under the Unsafe
 * backend). A benchmark fork loads one of them, so the interface calls inline as direct ones.
 */
public interface Floor {
    /** {@code sysconf(_SC_PAGESIZE)}. */
    long pageSize();

    /** Maps {@code length} bytes {@code PROT_NONE}, as the backends reserve; returns the address. */
    long reserve(long length);

    /** {@code mprotect(PROT_READ|PROT_WRITE)}: what a commit is. */
    void commit(long address, long length);

    /** {@code madvise(MADV_DONTNEED)} then {@code mprotect(PROT_NONE)}: what a decommit is. */
    void decommit(long address, long length);

    /** {@code munmap}. */
    void release(long address, long length);

    /** An unchecked store: the first one to a page is the page fault. */
    void putInt(long address, int value);

    /** {@code madvise(address, length, advice)}: MADV_HUGEPAGE (14), MADV_POPULATE_WRITE (23). */
    void advise(long address, long length, int advice);

    /**
     * Maps {@code length} bytes {@code PROT_NONE} starting on an {@code alignment} boundary, as the backends reserve
     * anything that can hold a huge page: maps {@code length + alignment} and unmaps the head and tail.
     */
    default long reserveAligned(long length, long alignment) {
        long raw = reserve(length + alignment);
        long start = (raw + alignment - 1) & -alignment;
        if (start > raw) {
            release(raw, start - raw);
        }
        release(start + length, raw + alignment - start);
        return start;
    }

    /** Whether a benchmark's {@code impl} names a floor rather than a backend or a structure. */
    static boolean isFloor(String impl) {
        return impl.startsWith("syscall-");
    }

    /** {@code syscall-panama} or {@code syscall-jna}. */
    static Floor create(String impl) {
        switch (impl) {
            case "syscall-jna":
                return new JnaSyscalls();
            case "syscall-panama":
                // Compiled for JDK 25 (src/main/java25) while the rest of the module keeps to 17: loaded by name.
                try {
                    return (Floor) Class.forName(Floor.class.getPackageName() + ".PanamaSyscalls")
                            .getConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError e) {
                    throw new IllegalStateException("the Panama floor needs JDK 25 or newer (this is JDK "
                            + Runtime.version().feature() + ") and --enable-native-access", e);
                }
            default:
                throw new IllegalArgumentException("not a floor: " + impl);
        }
    }
}
