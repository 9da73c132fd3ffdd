package dev.mmsb.memory.spi;

import dev.mmsb.memory.Backend;

/**
 * Entry point of a backend jar, found by {@link dev.mmsb.memory.Backends} through {@link java.util.ServiceLoader}:
 * a backend module declares {@code provides dev.mmsb.memory.spi.BackendProvider with ...}, and its jar also lists the
 * class in {@code META-INF/services/dev.mmsb.memory.spi.BackendProvider} for the class path. Loading and constructing
 * the class must be cheap and safe on any JDK the jar's class files load on.
 */
public interface BackendProvider {

    /** {@return the name {@link dev.mmsb.memory.Backends#load(String)} knows this backend by, in lower case} */
    String name();

    /**
     * Why this backend cannot run in this JVM, or null if it can as far as can be told without using it. Called by
     * {@link dev.mmsb.memory.Backends#available()} and by every error that lists the backends, so it must be silent:
     * no memory access through {@code sun.misc.Unsafe}, no native library loaded, no log record.
     *
     * @return why this backend cannot run, or null if it can
     */
    String unavailableReason();

    /**
     * Creates the backend. Called only for the backend the user picked (or the default), so it may say which JVM
     * flags are missing.
     *
     * @return the backend
     * @throws UnsupportedOperationException saying why the backend cannot run in this JVM
     */
    Backend create();
}
