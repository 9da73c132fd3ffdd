package dev.mmsb.backend.panama;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.spi.BackendProvider;
import dev.mmsb.memory.spi.JvmFlags;

import java.util.Locale;
import java.util.Set;

/**
 * Entry point of the Panama backend, found by {@link dev.mmsb.memory.Backends} through {@link java.util.ServiceLoader}.
 * Runs on Linux x86-64 and AArch64 with JDK 25+. Needs native access ({@code --enable-native-access}); without it the
 * JVM warns (and MMSB says which flag to add), and where native access is denied the probe and {@link #create()} say
 * so.
 */
public final class PanamaBackendProvider implements BackendProvider {
    /**
     * The architectures MMSB is built and tested for, as the README says and the Unsafe backend allows; the
     * {@code mman.h} values {@link LinuxSyscalls} uses are theirs.
     */
    private static final Set<String> ARCHITECTURES = Set.of("amd64", "x86_64", "aarch64");

    /** The provider {@link dev.mmsb.memory.Backends} finds by name; {@link #create()} does the work. */
    public PanamaBackendProvider() {
    }

    @Override
    public String name() {
        return PanamaBackend.NAME;
    }

    /** The platform, and native access where the JVM denies it; makes no downcall. */
    @Override
    public String unavailableReason() {
        String unsupported = unsupportedPlatform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        if (unsupported != null) {
            return unsupported;
        }
        if (!getClass().getModule().isNativeAccessEnabled() && nativeAccessDenied()) {
            return "native access is denied (--illegal-native-access=deny); add the JVM flag " + nativeAccessFlag();
        }
        return null;
    }

    /**
     * Creates the backend.
     *
     * @throws UnsupportedOperationException on another OS or architecture, or when native access is denied
     */
    @Override
    public Backend create() {
        String unsupported = unsupportedPlatform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        if (unsupported != null) {
            throw new UnsupportedOperationException(unsupported);
        }
        Module module = getClass().getModule();
        String flag = nativeAccessFlag();
        if (!module.isNativeAccessEnabled()) {
            JvmFlags.warnMissing(flag, PanamaBackend.NAME, "java.lang.foreign downcalls are restricted methods");
        }
        try {
            return new PanamaBackend();
        } catch (IllegalCallerException e) {
            throw denied(flag, e);
        } catch (ExceptionInInitializerError e) {
            if (e.getCause() instanceof IllegalCallerException) {
                throw denied(flag, e.getCause());
            }
            throw e;
        } catch (NoClassDefFoundError e) {
            // LinuxSyscalls failed to initialise on an earlier attempt; that attempt said why.
            UnsupportedOperationException failed = new UnsupportedOperationException(
                    "the Panama backend's downcalls could not be set up (" + e.getMessage() + "); is " + flag
                    + " missing?");
            failed.initCause(e);
            throw failed;
        }
    }

    /** The flag that grants this module native access: its name on the module path, ALL-UNNAMED on the class path. */
    private String nativeAccessFlag() {
        Module module = getClass().getModule();
        return "--enable-native-access=" + (module.isNamed() ? module.getName() : "ALL-UNNAMED");
    }

    private static boolean nativeAccessDenied() {
        return JvmFlags.hasArgument("--illegal-native-access=deny");
    }

    /** Why the backend cannot run on this {@code os.name} and {@code os.arch}, or null if it can. */
    static String unsupportedPlatform(String os, String arch) {
        String cpu = arch.toLowerCase(Locale.ROOT);
        if (os.startsWith("Linux") && ARCHITECTURES.contains(cpu)) {
            return null;
        }
        return "the Panama backend runs on Linux " + ARCHITECTURES + ", not " + os + " " + cpu;
    }

    private static UnsupportedOperationException denied(String flag, Throwable cause) {
        UnsupportedOperationException denied = new UnsupportedOperationException(
                "native access is denied (--illegal-native-access=deny); add the JVM flag " + flag);
        denied.initCause(cause);
        return denied;
    }
}
