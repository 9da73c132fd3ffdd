/**
 * The Panama backend: {@code mmap}, {@code mprotect}, {@code madvise} and {@code munmap} through
 * {@code java.lang.foreign} downcalls, and memory access through {@link java.lang.foreign.MemorySegment}s scoped to
 * shared arenas, so that an access racing a release, decommit or protect throws instead of crashing. Use it through
 * {@link dev.mmsb.memory.Backends}; {@link dev.mmsb.backend.panama.PanamaBackendProvider} is its only public type.
 */
package dev.mmsb.backend.panama;
