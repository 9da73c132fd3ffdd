/**
 * Growable vectors in reserved address space that commit as they grow and decommit as they shrink.
 *
 * <p>Each vector owns one {@link dev.mmsb.memory.Reservation}, sized from its maximum capacity (32 GiB of address space
 * by default, which costs nothing until committed). The base address never moves: growth commits the next pages
 * (at least doubling the committed size), never copies, and every page an operation writes is committed before the
 * write. Removals give pages back to the OS as the {@link dev.mmsb.vector.ShrinkPolicy} says, with hysteresis so that
 * push/pop oscillation does not page on every operation. Every commit and decommit goes through the reservation and is
 * therefore reported by {@link dev.mmsb.diag.Diagnostics} (a JFR event and a log record).
 *
 * <ul>
 *   <li>{@link dev.mmsb.vector.MappedVector} holds any fixed-size element through a
 *       {@link dev.mmsb.codec.ElementCodec};
 *   <li>{@link dev.mmsb.vector.MappedIntVector}, {@link dev.mmsb.vector.MappedLongVector} and
 *       {@link dev.mmsb.vector.MappedDoubleVector} hold primitives without boxing.
 * </ul>
 *
 * <p>Every vector takes a {@link dev.mmsb.memory.Backend}: {@code dev.mmsb.memory.Backends.load()} without DI, or an
 * injected one with Guice ({@code dev.mmsb.inject.MmsbModule} binds it):
 * <pre>{@code
 * @Inject Backend backend;
 * try (MappedIntVector v = new MappedIntVector(backend)) { v.push(42); }
 * }</pre>
 *
 * <p>Vectors are not thread-safe. Close them when done; a forgotten vector is released by its reservation's Cleaner
 * and reported as a leak.
 */
package dev.mmsb.vector;
