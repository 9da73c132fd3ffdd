package dev.mmsb.backend.unsafe;

import com.sun.jna.Native;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.spi.BackendProvider;
import dev.mmsb.memory.spi.JvmFlags;

import java.util.Locale;

/**
 * Creates the Unsafe backend: {@code sun.misc.Unsafe} for memory access, JNA for the syscalls. Runs on Linux x86-64 and
 * AArch64, JDK 17 and newer. Logs (once) the JVM flags it needs when they are missing: on JDK 24+
 * {@code --sun-misc-unsafe-memory-access=allow}, on JDK 22+ {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class UnsafeBackendProvider implements BackendProvider {
    static final String UNSAFE_FLAG = "--sun-misc-unsafe-memory-access=allow";
    static final String NATIVE_ACCESS_FLAG = "--enable-native-access=ALL-UNNAMED";

    /** The provider {@link dev.mmsb.memory.Backends} finds by name; {@link #create()} does the work. */
    public UnsafeBackendProvider() {
    }

    /**
     * @throws UnsupportedOperationException if the OS or CPU is not supported, JNA is missing or cannot load, or
     *                                       {@code sun.misc.Unsafe} is not usable; the message says which
     */
    @Override
    public Backend create() {
        String platform = unsupportedPlatform();
        if (platform != null) {
            throw new UnsupportedOperationException(platform);
        }
        int jdk = Runtime.version().feature();
        if (jdk >= 24 && !JvmFlags.hasArgument(UNSAFE_FLAG)) {
            JvmFlags.warnMissing(UNSAFE_FLAG, UnsafeBackend.NAME, "sun.misc.Unsafe memory access is deprecated for"
                    + " removal: JDK 24+ warns on it and a later JDK refuses it; on JDK 25+ the panama backend needs"
                    + " no such flag");
        }
        try {
            if (jdk >= 22 && !JvmFlags.nativeAccessEnabled(Native.class.getModule())) {
                JvmFlags.warnMissing(NATIVE_ACCESS_FLAG, UnsafeBackend.NAME, "JNA loads a native library to call"
                        + " mmap, mprotect, madvise and munmap; the JVM warns about that without the flag and a"
                        + " later JDK refuses it");
            }
        } catch (LinkageError e) {
            throw new UnsupportedOperationException("JNA is not on the class path (add net.java.dev.jna:jna): " + e,
                    e);
        }
        try {
            UnsafeAccess.probe();
        } catch (ExceptionInInitializerError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new UnsupportedOperationException(cause.getMessage(), e);
        } catch (UnsupportedOperationException e) {
            throw new UnsupportedOperationException("this JVM refuses sun.misc.Unsafe memory access (started with"
                    + " --sun-misc-unsafe-memory-access=deny?); start it with " + UNSAFE_FLAG + ": " + e, e);
        } catch (LinkageError e) {
            throw new UnsupportedOperationException("sun.misc.Unsafe cannot be loaded (no module jdk.unsupported in"
                    + " this runtime, or an earlier attempt failed): " + e, e);
        }
        try {
            return new UnsafeBackend();
        } catch (LinkageError e) {
            throw new UnsupportedOperationException("JNA cannot load its native library or bind libc: " + e, e);
        }
    }

    /** Why this OS or CPU is not supported, or null: the mmap and madvise constants are those of Linux on these. */
    private static String unsupportedPlatform() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("Linux")) {
            return "the unsafe backend runs on Linux only, not on " + os;
        }
        if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            return "the unsafe backend runs on x86-64 and AArch64 only, not on " + arch;
        }
        return null;
    }
}
