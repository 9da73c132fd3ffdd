package dev.mmsb.memory.spi;

import dev.mmsb.memory.Backend;

/**
 * Entry point of a backend jar, found by {@link dev.mmsb.memory.Backends} by class name. Loading the class must be
 * cheap and safe on any JDK the jar's class files load on; {@link #create()} does the work.
 */
public interface BackendProvider {

    /**
     * Creates the backend.
     *
     * @return the backend
     * @throws UnsupportedOperationException saying why the backend cannot run in this JVM
     */
    Backend create();
}
