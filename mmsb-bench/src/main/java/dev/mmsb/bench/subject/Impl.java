package dev.mmsb.bench.subject;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;

/**
 * How a benchmark's {@code impl} parameter names what it runs: {@code panama} or {@code unsafe} is MMSB on that
 * backend, {@code panama-codec} / {@code unsafe-codec} its generic variant with a codec, anything else a peer. The
 * report reads the same convention.
 */
public final class Impl {
    private Impl() {
    }

    /** The MMSB backend the name starts with, or null for a peer. */
    public static String backendName(String impl) {
        if (impl.equals(Backends.PANAMA) || impl.startsWith(Backends.PANAMA + "-")) {
            return Backends.PANAMA;
        }
        if (impl.equals(Backends.UNSAFE) || impl.startsWith(Backends.UNSAFE + "-")) {
            return Backends.UNSAFE;
        }
        return null;
    }

    /** The variant after the backend ({@code "codec"}), or null. */
    public static String flavour(String impl) {
        String backend = backendName(impl);
        return backend == null || impl.length() == backend.length() ? null : impl.substring(backend.length() + 1);
    }

    /** The backend, loaded; fails with the reason if it cannot run here. */
    public static Backend backend(String impl) {
        return Backends.load(backendName(impl));
    }
}
