package dev.mmsb.memory;

import dev.mmsb.internal.diag.Diagnostics;
import dev.mmsb.memory.spi.BackendProvider;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds backends without any DI framework: {@code Backend backend = Backends.load();}
 *
 * <p>{@link #load()} takes the system property {@value #PROPERTY} (or the environment variable {@value #ENVIRONMENT}),
 * else the default: Panama when it can run in this JVM (its jar is on the class path or module path and the JDK is 25
 * or newer), else Unsafe. An unknown name, or a backend that cannot run here, is an {@link IllegalStateException} that
 * lists the backends and why each one is or is not available.
 *
 * <p>Backends are found with {@link ServiceLoader} ({@link BackendProvider}). Asking which backends can run
 * ({@link #available()}, {@link #unavailableReason}, the lists in error messages) only probes them: it creates none,
 * so it uses no {@code sun.misc.Unsafe} memory access, loads no native library and prints nothing. Only the backend
 * that is loaded is created.
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

    /** MMSB's own backends in order of preference, by their provider's class name (to say why one is absent). */
    private static final Map<String, String> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put(PANAMA, "dev.mmsb.backend.panama.PanamaBackendProvider");
        KNOWN.put(UNSAFE, "dev.mmsb.backend.unsafe.UnsafeBackendProvider");
    }

    /** Name to provider, or to the reason (a String) there is none; found once. */
    private static volatile Map<String, Object> providers;
    /** Name to the reason a probe gave, or to {@link #AVAILABLE}. */
    private static final Map<String, String> PROBED = new ConcurrentHashMap<>();
    /** Name to the created backend, or to the reason (a String) it could not be created. */
    private static final Map<String, Object> CREATED = new ConcurrentHashMap<>();
    private static final String AVAILABLE = "";

    private Backends() {
    }

    /** {@return the backend named by {@value #PROPERTY} / {@value #ENVIRONMENT}, else the default.} */
    public static Backend load() {
        String configured = configuredName();
        return configured == null ? load(defaultName()) : load(configured);
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
        if (!providers().containsKey(key)) {
            throw new IllegalStateException("Unknown MMSB backend '" + name + "'. " + availability());
        }
        String reason = probe(key);
        Object created = reason != null ? reason : CREATED.computeIfAbsent(key, Backends::create);
        if (created instanceof Backend) {
            return (Backend) created;
        }
        throw new IllegalStateException("MMSB backend '" + key + "' is not available: " + created + ". "
                + availability());
    }

    /** {@return the name {@link #load()} picks when nothing is configured.} */
    public static String defaultName() {
        List<String> names = available();
        if (names.isEmpty()) {
            throw new IllegalStateException("No MMSB backend can run here. " + availability());
        }
        return names.get(0);
    }

    /** {@return names of the backends that can run in this JVM, in order of preference; creates none of them} */
    public static List<String> available() {
        List<String> names = new ArrayList<>();
        for (String name : providers().keySet()) {
            if (probe(name) == null) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * Why a backend cannot run here; creates no backend.
     *
     * @param name the backend's name
     * @return the reason, or null if it can run
     */
    public static String unavailableReason(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        return providers().containsKey(key) ? probe(key) : "unknown backend";
    }

    static String configuredName() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(ENVIRONMENT);
        }
        return value == null || value.isBlank() ? null : value;
    }

    private static String availability() {
        StringBuilder text = new StringBuilder("Backends: ");
        boolean first = true;
        for (String name : providers().keySet()) {
            String reason = probe(name);
            text.append(first ? "" : "; ").append(name).append(reason == null ? " (available)"
                    : " (unavailable: " + reason + ")");
            first = false;
        }
        return text.toString();
    }

    /** Null if the backend can run here, else why not: what creating it said, else what its provider's probe says. */
    private static String probe(String name) {
        Object created = CREATED.get(name);
        if (created != null) {
            return created instanceof Backend ? null : (String) created;
        }
        String reason = PROBED.computeIfAbsent(name, n -> {
            Object provider = providers().get(n);
            if (!(provider instanceof BackendProvider)) {
                return String.valueOf(provider);
            }
            try {
                String why = ((BackendProvider) provider).unavailableReason();
                return why == null ? AVAILABLE : why;
            } catch (RuntimeException | LinkageError e) {
                Diagnostics.logger().log(Level.DEBUG, "MMSB backend " + n + " failed its probe", e);
                return e.toString();
            }
        });
        return reason.equals(AVAILABLE) ? null : reason;
    }

    private static Object create(String name) {
        BackendProvider provider = (BackendProvider) providers().get(name);
        try {
            return provider.create();
        } catch (UnsupportedOperationException e) {
            return e.getMessage();
        } catch (RuntimeException | LinkageError e) {
            Diagnostics.logger().log(Level.DEBUG, "MMSB backend " + name + " failed to load", e);
            return e.toString();
        }
    }

    private static Map<String, Object> providers() {
        Map<String, Object> found = providers;
        if (found == null) {
            synchronized (Backends.class) {
                found = providers;
                if (found == null) {
                    found = Collections.unmodifiableMap(discover());
                    providers = found;
                }
            }
        }
        return found;
    }

    /** MMSB's backends first, in order of preference, each with its provider or why it has none; then any other. */
    private static Map<String, Object> discover() {
        Map<String, BackendProvider> loaded = new LinkedHashMap<>();
        List<Throwable> failures = new ArrayList<>();
        Iterator<BackendProvider> iterator = ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())
                .iterator();
        // Bounded: a provider that fails to load is skipped, and a broken iterator must not loop for ever.
        for (int attempt = 0; attempt < 64; attempt++) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                BackendProvider provider = iterator.next();
                loaded.putIfAbsent(provider.name().toLowerCase(Locale.ROOT), provider);
            } catch (ServiceConfigurationError | LinkageError e) {
                // A backend compiled for a newer JDK, or one whose dependencies are missing: said below, by name.
                failures.add(e);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<String, String> known : KNOWN.entrySet()) {
            BackendProvider provider = loaded.remove(known.getKey());
            result.put(known.getKey(),
                    provider != null ? provider : absent(known.getKey(), known.getValue(), failures));
        }
        result.putAll(loaded);
        return result;
    }

    /** Why MMSB's backend {@code name}, whose provider is {@code className}, was not found. */
    private static String absent(String name, String className, List<Throwable> failures) {
        int needed = compiledFor(className);
        if (needed < 0) {
            return "not on the class path or module path (add dev.mmsb:mmsb-backend-" + name + ")";
        }
        int jdk = Runtime.version().feature();
        if (needed > jdk) {
            return "the " + name + " backend's classes need a newer JDK than " + jdk + " (they are compiled for JDK "
                    + needed + "+)";
        }
        for (Throwable failure : failures) {
            String text = failure.toString() + (failure.getCause() == null ? "" : " " + failure.getCause());
            if (text.contains(className) || text.contains(className.replace('.', '/'))) {
                Diagnostics.logger().log(Level.DEBUG, "MMSB backend " + name + " failed to load", failure);
                return "its provider failed to load: " + failure;
            }
        }
        return "its jar is present but does not provide " + BackendProvider.class.getName() + " (is "
                + className + " declared in its module-info or META-INF/services?)";
    }

    /** The JDK a class was compiled for, from its class file's major version; -1 if there is no such class file. */
    private static int compiledFor(String className) {
        String file = className.replace('.', '/') + ".class";
        try (InputStream in = Backends.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                return -1;
            }
            DataInputStream data = new DataInputStream(in);
            data.readInt(); // magic
            data.readUnsignedShort(); // minor version
            return data.readUnsignedShort() - 44; // major 61 is JDK 17, 69 is JDK 25
        } catch (IOException e) {
            return 0;
        }
    }
}
