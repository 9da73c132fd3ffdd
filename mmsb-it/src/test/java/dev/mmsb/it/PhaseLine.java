package dev.mmsb.it;

import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON line the driver printed for a phase (see {@code PhaseLog}): a flat object of strings and numbers. */
record PhaseLine(Map<String, Object> fields) {

    String phase() {
        return text("phase");
    }

    String backend() {
        return text("backend");
    }

    int round() {
        return (int) number("round");
    }

    long cgroupBytes() {
        return number("cgroupBytes");
    }

    long vmRssBytes() {
        return number("vmRssBytes");
    }

    long committedBytes() {
        return number("committedBytes");
    }

    long elapsedMs() {
        return number("elapsedMs");
    }

    long number(String name) {
        Object value = fields.get(name);
        if (!(value instanceof Long)) {
            throw new AssertionError("phase line has no number '" + name + "': " + fields);
        }
        return (Long) value;
    }

    String text(String name) {
        Object value = fields.get(name);
        return value == null ? null : value.toString();
    }

    /** Parses a line such as {@code {"phase":"fill","round":1}}; null if it is not one. */
    static PhaseLine parse(String line) {
        String s = line.trim();
        if (!s.startsWith("{") || !s.endsWith("}")) {
            return null;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        int[] at = {1};
        while (true) {
            skipSpace(s, at);
            if (s.charAt(at[0]) == '}') {
                return new PhaseLine(fields);
            }
            String name = string(s, at);
            skipSpace(s, at);
            expect(s, at, ':');
            skipSpace(s, at);
            Object value = s.charAt(at[0]) == '"' ? string(s, at) : number(s, at);
            fields.put(name, value);
            skipSpace(s, at);
            if (s.charAt(at[0]) == ',') {
                at[0]++;
            }
        }
    }

    private static String string(String s, int[] at) {
        expect(s, at, '"');
        StringBuilder out = new StringBuilder();
        for (char c = s.charAt(at[0]++); c != '"'; c = s.charAt(at[0]++)) {
            if (c == '\\') {
                char e = s.charAt(at[0]++);
                if (e == 'u') {
                    out.append((char) Integer.parseInt(s.substring(at[0], at[0] + 4), 16));
                    at[0] += 4;
                } else {
                    out.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Long number(String s, int[] at) {
        int start = at[0];
        while (at[0] < s.length() && (s.charAt(at[0]) == '-' || Character.isDigit(s.charAt(at[0])))) {
            at[0]++;
        }
        return Long.parseLong(s.substring(start, at[0]));
    }

    private static void skipSpace(String s, int[] at) {
        while (Character.isWhitespace(s.charAt(at[0]))) {
            at[0]++;
        }
    }

    private static void expect(String s, int[] at, char c) {
        if (s.charAt(at[0]) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + at[0] + " in " + s);
        }
        at[0]++;
    }
}
