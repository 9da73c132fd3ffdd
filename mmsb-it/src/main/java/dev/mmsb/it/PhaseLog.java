package dev.mmsb.it;

/**
 * Prints one JSON line per phase on stdout:
 * {@code {"scenario":..,"backend":..,"phase":..,"round":..,"vmRssBytes":..,"cgroupBytes":..,"committedBytes":..,
 * "elapsedMs":..,"epochMs":.., extra fields}}. Flushed at once, so the lines before an OOM kill are kept.
 */
final class PhaseLog {
    private final String scenario;
    private final String backend;
    private final long start = System.nanoTime();

    PhaseLog(String scenario, String backend) {
        this.scenario = scenario;
        this.backend = backend;
    }

    /**
     * @param extra alternating field names and values (numbers or strings)
     */
    void phase(String phase, int round, long committedBytes, Object... extra) {
        StringBuilder line = new StringBuilder(256).append('{');
        field(line, "scenario", scenario).append(',');
        field(line, "backend", backend).append(',');
        field(line, "phase", phase).append(',');
        field(line, "round", round).append(',');
        field(line, "vmRssBytes", MemoryProbe.vmRssBytes()).append(',');
        field(line, "cgroupBytes", MemoryProbe.cgroupBytes()).append(',');
        field(line, "committedBytes", committedBytes).append(',');
        field(line, "elapsedMs", (System.nanoTime() - start) / 1_000_000).append(',');
        field(line, "epochMs", System.currentTimeMillis());
        for (int i = 0; i + 1 < extra.length; i += 2) {
            field(line.append(','), String.valueOf(extra[i]), extra[i + 1]);
        }
        System.out.println(line.append('}'));
        System.out.flush();
    }

    private static StringBuilder field(StringBuilder line, String name, Object value) {
        quote(line, name).append(':');
        return value instanceof Number ? line.append(value) : quote(line, String.valueOf(value));
    }

    private static StringBuilder quote(StringBuilder line, String text) {
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                line.append('\\').append(c);
            } else if (c < 0x20) {
                line.append(String.format("\\u%04x", (int) c));
            } else {
                line.append(c);
            }
        }
        return line.append('"');
    }
}
