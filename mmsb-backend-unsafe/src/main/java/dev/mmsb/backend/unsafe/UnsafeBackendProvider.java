package dev.mmsb.backend.unsafe;

import com.sun.jna.Native;
import dev.mmsb.memory.Backend;
import dev.mmsb.memory.spi.BackendProvider;
import dev.mmsb.memory.spi.JvmFlags;

import java.util.Locale;

/**
 * Creates the Unsafe backend: {@code sun.misc.Unsafe} for memory access, JNA for the syscalls. Runs on Linux x86-64 and
 * AArch64, JDK 17 and newer. Found by {@link dev.mmsb.memory.Backends} through {@link java.util.ServiceLoader}.
 *
 * <p>{@link #unavailableReason()} is silent: it reads {@code theUnsafe} but calls none of its memory-access methods
 * (JDK 24+ warns on the first such call) and loads no native library. {@link #create()}, called only when this
 * backend is picked, logs (once) the JVM flags it needs when they are missing: on JDK 24+
 * {@code --sun-misc-unsafe-memory-access=allow} and {@code --enable-native-access=ALL-UNNAMED} (on the module path,
 * {@code --enable-native-access=com.sun.jna}, since JNA loads the native library).
 */
public final class UnsafeBackendProvider implements BackendProvider {
    static final String UNSAFE_FLAG = "--sun-misc-unsafe-memory-access=allow";
    /** The JDK 23+ system property that holds the value of {@code --sun-misc-unsafe-memory-access}. */
    private static final String MEMORY_ACCESS_PROPERTY = "sun.misc.unsafe.memory.access";

    /** The provider {@link dev.mmsb.memory.Backends} finds by name; {@link #create()} does the work. */
    public UnsafeBackendProvider() {
    }

    @Override
    public String name() {
        return UnsafeBackend.NAME;
    }

    @Override
    public String unavailableReason() {
        String platform = unsupportedPlatform();
        if (platform != null) {
            return platform;
        }
        try {
            Native.class.getName(); // loads, does not initialise: no native library yet
        } catch (LinkageError e) {
            return "JNA is not on the class path or module path (add net.java.dev.jna:jna): " + e;
        }
        try {
            UnsafeAccess.available();
        } catch (ExceptionInInitializerError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return cause.getMessage();
        } catch (LinkageError e) {
            // With this module's requires jdk.unsupported, only a runtime image without that module gets here.
            return "sun.misc.Unsafe cannot be loaded (is the module jdk.unsupported missing from this runtime"
                    + " image?): " + e;
        }
        if ("deny".equals(memoryAccessMode())) {
            return "this JVM refuses sun.misc.Unsafe memory access (--sun-misc-unsafe-memory-access=deny); start it"
                    + " with " + UNSAFE_FLAG + ", or use the panama backend";
        }
        return null;
    }

    /**
     * @throws UnsupportedOperationException if the OS or CPU is not supported, JNA is missing or cannot load, or
     *                                       {@code sun.misc.Unsafe} is not usable; the message says which
     */
    @Override
    public Backend create() {
        String reason = unavailableReason();
        if (reason != null) {
            throw new UnsupportedOperationException(reason);
        }
        int jdk = Runtime.version().feature();
        if (jdk >= 24 && !"allow".equals(memoryAccessMode())) {
            JvmFlags.warnMissing(UNSAFE_FLAG, UnsafeBackend.NAME, "sun.misc.Unsafe memory access is deprecated for"
                    + " removal: JDK 24+ warns on it and a later JDK refuses it; on JDK 25+ the panama backend needs"
                    + " no such flag");
        }
        Module jna = Native.class.getModule();
        // JNI's System.load is restricted (warns) from JDK 24 on, JEP 472; before, the flag changes nothing for JNA.
        if (jdk >= 24 && !JvmFlags.nativeAccessEnabled(jna)) {
            String flag = "--enable-native-access=" + (jna.isNamed() ? jna.getName() : "ALL-UNNAMED");
            JvmFlags.warnMissing(flag, UnsafeBackend.NAME, "JNA loads a native library to call mmap, mprotect,"
                    + " madvise and munmap; the JVM warns about that without the flag and a later JDK refuses it");
        }
        try {
            UnsafeAccess.probe();
        } catch (UnsupportedOperationException e) {
            throw new UnsupportedOperationException("this JVM refuses sun.misc.Unsafe memory access (started with"
                    + " --sun-misc-unsafe-memory-access=deny?); start it with " + UNSAFE_FLAG + ": " + e, e);
        }
        try {
            return new UnsafeBackend();
        } catch (LinkageError e) {
            throw new UnsupportedOperationException("JNA cannot load its native library or bind libc: " + e, e);
        }
    }

    /**
     * The value of {@code --sun-misc-unsafe-memory-access} (JDK 23+ keep it in a system property; the command line is
     * the fallback), or null when it was not given.
     */
    private static String memoryAccessMode() {
        String mode = System.getProperty(MEMORY_ACCESS_PROPERTY);
        if (mode != null) {
            return mode;
        }
        for (String value : new String[]{"allow", "warn", "debug", "deny"}) {
            if (JvmFlags.hasArgument("--sun-misc-unsafe-memory-access=" + value)) {
                return value;
            }
        }
        return null;
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
