/**
 * Growable vectors in reserved address space that commit as they grow and decommit as they shrink.
 *
 * <p>Each vector owns one {@link dev.mmsb.memory.Reservation}, sized from its maximum capacity (32 GiB of address space
 * by default, which costs nothing until committed). The base address never moves: growth commits the next pages
 * (at least doubling the committed size), never copies, and every page an operation writes is committed before the
 * write. Removals give pages back to the OS as the {@link dev.mmsb.vector.ShrinkPolicy} says, with hysteresis so that
 * push/pop oscillation does not page on every operation. Every commit and decommit goes through the reservation and is
 * therefore reported as a JFR event ({@code dev.mmsb.MemoryOperation}) and a record on the {@code dev.mmsb} logger.
 *
 * <ul>
 *   <li>{@link dev.mmsb.vector.MappedVector} holds any fixed-size element through a
 *       {@link dev.mmsb.codec.ElementCodec};
 *   <li>{@link dev.mmsb.vector.MappedIntVector}, {@link dev.mmsb.vector.MappedLongVector} and
 *       {@link dev.mmsb.vector.MappedDoubleVector} hold primitives without boxing.
 * </ul>
 *
 * <p>Vectors and queues are made the same way, by static {@code create} methods: {@code create()} on the configured
 * backend ({@code dev.mmsb.memory.Backends.load()}), {@code create(backend)} on a given one (an injected one with Guice,
 * whose {@code dev.mmsb.inject.MmsbModule} binds it), and {@code create(backend, options)}:
 * <pre>{@code
 * @Inject Backend backend;
 * try (MappedIntVector v = MappedIntVector.create(backend)) { v.push(42); }
 * }</pre>
 *
 * <p>Kernel mappings: a vector with something committed is two mappings (the committed prefix and the reserved tail),
 * whatever its maximum capacity, since it never leaves holes in the prefix; a process may hold
 * {@code vm.max_map_count} (65,530 by default) in all, and its JVM needs some. A push or constructor that would take
 * the process within {@link dev.mmsb.memory.limits.MappingLimit}'s headroom of that limit throws
 * {@link dev.mmsb.memory.MappingLimitException} and leaves the vector unchanged: about 32,000 non-empty vectors at
 * the default limit. A smaller {@link dev.mmsb.vector.VectorOptions#withMaxCapacityElements} saves address space
 * (each default vector reserves 32 GiB), not mappings.
 *
 * <p>Vectors are not thread-safe. Close them when done; a forgotten vector is released by its reservation's Cleaner
 * and reported as a leak.
 */
package dev.mmsb.vector;
