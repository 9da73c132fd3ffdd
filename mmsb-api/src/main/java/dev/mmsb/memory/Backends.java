package dev.mmsb.memory;

import dev.mmsb.diag.Diagnostics;
import dev.mmsb.memory.spi.BackendProvider;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds backends without any DI framework: {@code Backend backend = Backends.load();}
 *
 * <p>{@link #load()} takes the system property {@value #PROPERTY} (or the environment variable {@value #ENVIRONMENT}),
 * else the default: Panama when it can run in this JVM (its jar is on the class path and the JDK is 25 or newer), else
 * Unsafe. An unknown name, or a backend that cannot run here, is an {@link IllegalStateException} that lists the
 * backends and why each one is or is not available.
 */
public final class Backends {
    /** System property naming the backend {@link #load()} returns. */
    public static final String PROPERTY = "mmsb.backend";
    /** Environment variable naming the backend, read when {@value #PROPERTY} is not set. */
    public static final String ENVIRONMENT = "MMSB_BACKEND";
    /** The Panama backend's name (mmsb-backend-panama, JDK 25+). */
    public static final String PANAMA = "panama";
    /** The Unsafe backend's name (mmsb-backend-unsafe, JDK 17+). */
    public static final String UNSAFE = "unsafe";

    /** Known backends in order of preference, by the class name of their provider. */
    private static final Map<String, String> PROVIDERS = new LinkedHashMap<>();

    static {
        PROVIDERS.put(PANAMA, "dev.mmsb.backend.panama.PanamaBackendProvider");
        PROVIDERS.put(UNSAFE, "dev.mmsb.backend.unsafe.UnsafeBackendProvider");
    }

    private static final Map<String, Object> RESOLVED = new ConcurrentHashMap<>();

    private Backends() {
    }

    /** {@return the backend named by {@value #PROPERTY} / {@value #ENVIRONMENT}, else the default.} */
    public static Backend load() {
        String configured = configuredName();
        return configured == null ? loadDefault() : load(configured);
    }

    /**
     * The backend called {@code name}.
     *
     * @param name {@code "panama"} or {@code "unsafe"}, case-insensitive
     * @return the backend, created once per JVM
     * @throws IllegalStateException if the name is unknown or the backend cannot run here; the message lists each
     *                               backend and why it is or is not available
     */
    public static Backend load(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (!PROVIDERS.containsKey(key)) {
            throw new IllegalStateException("Unknown MMSB backend '" + name + "'. " + availability());
        }
        Object resolved = resolve(key);
        if (resolved instanceof Backend) {
            return (Backend) resolved;
        }
        throw new IllegalStateException("MMSB backend '" + key + "' is not available: " + resolved + ". "
                + availability());
    }

    /** {@return the name {@link #load()} picks when nothing is configured.} */
    public static String defaultName() {
        for (String name : PROVIDERS.keySet()) {
            if (resolve(name) instanceof Backend) {
                return name;
            }
        }
        throw new IllegalStateException("No MMSB backend can run here. " + availability());
    }

    /** {@return names of the backends that can run in this JVM, in order of preference.} */
    public static List<String> available() {
        List<String> names = new ArrayList<>();
        for (String name : PROVIDERS.keySet()) {
            if (resolve(name) instanceof Backend) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * Why a backend cannot run here.
     *
     * @param name the backend's name
     * @return the reason, or null if it can run
     */
    public static String unavailableReason(String name) {
        Object resolved = resolve(name.trim().toLowerCase(Locale.ROOT));
        return resolved instanceof Backend ? null : String.valueOf(resolved);
    }

    static String configuredName() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(ENVIRONMENT);
        }
        return value == null || value.isBlank() ? null : value;
    }

    private static Backend loadDefault() {
        return load(defaultName());
    }

    private static String availability() {
        StringBuilder text = new StringBuilder("Backends: ");
        boolean first = true;
        for (String name : PROVIDERS.keySet()) {
            Object resolved = resolve(name);
            text.append(first ? "" : "; ").append(name).append(resolved instanceof Backend ? " (available)"
                    : " (unavailable: " + resolved + ")");
            first = false;
        }
        return text.toString();
    }

    /** The JDK a class was compiled for, from its class file's major version; 0 if the file cannot be read. */
    private static int compiledFor(String className) {
        String file = className.replace('.', '/') + ".class";
        try (InputStream in = Backends.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                return 0;
            }
            DataInputStream data = new DataInputStream(in);
            data.readInt(); // magic
            data.readUnsignedShort(); // minor version
            return data.readUnsignedShort() - 44; // major 61 is JDK 17, 69 is JDK 25
        } catch (IOException e) {
            return 0;
        }
    }

    /** The backend, or the reason (a String) it cannot be had; computed once per name. */
    private static Object resolve(String name) {
        String className = PROVIDERS.get(name);
        if (className == null) {
            return "unknown backend";
        }
        return RESOLVED.computeIfAbsent(name, n -> {
            try {
                Class<?> type = Class.forName(className, true, Backends.class.getClassLoader());
                BackendProvider provider = (BackendProvider) type.getDeclaredConstructor().newInstance();
                return provider.create();
            } catch (ClassNotFoundException e) {
                return "not on the class path (add dev.mmsb:mmsb-backend-" + n + ")";
            } catch (UnsupportedClassVersionError e) {
                int needed = compiledFor(className);
                return "the " + n + " backend's classes need a newer JDK than " + Runtime.version().feature()
                        + (needed > 0 ? " (they are compiled for JDK " + needed + "+)" : "");
            } catch (UnsupportedOperationException e) {
                return e.getMessage();
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                Diagnostics.logger().log(Level.DEBUG, "MMSB backend " + n + " failed to load", e);
                return e.toString();
            }
        });
    }
}
