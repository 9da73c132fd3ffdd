package dev.mmsb.memory.spi;

import dev.mmsb.internal.diag.Diagnostics;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Tells the user, once per flag, which JVM flag a backend needs and the JVM was not given. */
public final class JvmFlags {
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private JvmFlags() {
    }

    /**
     * Whether the JVM's command line holds {@code flag}.
     *
     * @param flag the whole argument, e.g. {@code --sun-misc-unsafe-memory-access=allow}
     * @return true if the JVM was started with it
     */
    public static boolean hasArgument(String flag) {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return arguments.contains(flag);
    }

    /**
     * True unless native access is known to be disabled for {@code module}. On JDK 22+ asks
     * {@code Module.isNativeAccessEnabled()}; earlier JDKs do not restrict it.
     *
     * @param module the module that makes the native calls
     * @return false only if native access is known to be disabled
     */
    public static boolean nativeAccessEnabled(Module module) {
        try {
            return (Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(module);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /**
     * Logs at WARNING, the first time it is asked for {@code flag}, that the backend needs it; later calls do nothing.
     *
     * @param flag    the missing JVM flag
     * @param backend the backend that needs it
     * @param why     what goes wrong without it
     */
    public static void warnMissing(String flag, String backend, String why) {
        if (WARNED.add(flag)) {
            Diagnostics.logger().log(Level.WARNING, "MMSB {0} backend: add the JVM flag {1} ({2}).", backend, flag,
                    why);
        }
    }
}
