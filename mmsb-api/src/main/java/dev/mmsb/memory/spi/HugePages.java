package dev.mmsb.memory.spi;

import dev.mmsb.internal.diag.Diagnostics;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;

/**
 * What the kernel says about transparent huge pages (THP), and the once-per-process notice MMSB logs when the kernel
 * refuses an advice ({@code MADV_HUGEPAGE}, {@code MADV_POPULATE_WRITE}) and MMSB falls back to plain 4 KiB faulting.
 *
 * <p>Read once, from {@code /sys/kernel/mm/transparent_hugepage/}: {@code hpage_pmd_size} (the huge page size, 2 MiB
 * on x86-64 and on AArch64 with 4 KiB pages) and {@code enabled} ({@code always}, {@code madvise} or {@code never}).
 */
public final class HugePages {
    /** Linux {@code MADV_HUGEPAGE} (x86-64 and AArch64). */
    public static final int MADV_HUGEPAGE = 14;
    /** Linux {@code MADV_POPULATE_WRITE}, since 5.14. */
    public static final int MADV_POPULATE_WRITE = 23;
    /** Linux {@code EINVAL}: the kernel does not know the advice. */
    public static final int EINVAL = 22;

    private static final Path SYSFS = Path.of("/sys/kernel/mm/transparent_hugepage");
    private static final long DEFAULT_SIZE = 2L << 20;
    private static final long SIZE = readSize();
    private static final String MODE = readMode();
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private HugePages() {
    }

    /**
     * The transparent huge page size in bytes ({@code hpage_pmd_size}); 2 MiB if the kernel does not say (no THP
     * support), since that is also the alignment at which a later kernel or a different machine would want it.
     *
     * @return the huge page size in bytes
     */
    public static long size() {
        return SIZE;
    }

    /**
     * The THP mode in {@code enabled}: {@code "always"}, {@code "madvise"} or {@code "never"}; {@code "absent"} if the
     * kernel has no THP support (no sysfs directory) and {@code "unknown"} if the file could not be read.
     *
     * @return the mode
     */
    public static String mode() {
        return MODE;
    }

    /** {@return whether {@code MADV_HUGEPAGE} can have an effect here: THP is {@code always} or {@code madvise}.} */
    public static boolean usable() {
        return MODE.equals("always") || MODE.equals("madvise") || MODE.equals("unknown");
    }

    /**
     * Logs, once per process and {@code advice}, that the kernel refused it and what MMSB does instead; returns whether
     * this call logged. Level: INFO when the feature is missing here (EINVAL: an older kernel, or THP not enabled),
     * since the fallback is a correct, slower path that an operator may well have chosen (THP {@code never} is a
     * common setting for databases) and a WARNING in every process start would be noise; WARNING for any other
     * errno (ENOMEM, EFAULT, EHWPOISON), which says memory itself is in trouble.
     *
     * @param advice  the advice's name, e.g. {@code "MADV_HUGEPAGE"}
     * @param errno   the errno the kernel returned, or 0 if MMSB did not ask it (THP disabled)
     * @param why     errno's text or the reason MMSB did not ask
     * @param instead what MMSB does instead
     * @return whether this call logged
     */
    public static boolean logRefusalOnce(String advice, int errno, String why, String instead) {
        if (!LOGGED.add(advice)) {
            return false;
        }
        Level level = errno == 0 || errno == EINVAL ? Level.INFO : Level.WARNING;
        Diagnostics.logger().log(level, "{0} refused ({1}: {2}); MMSB {3}. Logged once per process.", advice,
                errno == 0 ? "not attempted" : "errno=" + errno, why, instead);
        return true;
    }

    /** Forgets which refusals were logged; for tests. */
    static void resetLogged() {
        LOGGED.clear();
    }

    private static long readSize() {
        try {
            long size = Long.parseLong(read("hpage_pmd_size"));
            return size > 0 && Long.bitCount(size) == 1 ? size : DEFAULT_SIZE;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_SIZE;
        }
    }

    private static String readMode() {
        if (!Files.isDirectory(SYSFS)) {
            return "absent";
        }
        try {
            String line = read("enabled");
            int open = line.indexOf('[');
            int close = line.indexOf(']', open + 1);
            return open >= 0 && close > open ? line.substring(open + 1, close).toLowerCase(Locale.ROOT) : "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String read(String name) throws IOException {
        return new String(Files.readAllBytes(SYSFS.resolve(name)), StandardCharsets.US_ASCII).trim();
    }
}
