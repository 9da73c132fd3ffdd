package dev.mmsb.it;

import java.util.LinkedHashMap;
import java.util.Map;

/** The driver's {@code name=value} arguments after the scenario name. */
final class ScenarioArgs {
    private final Map<String, String> values = new LinkedHashMap<>();

    ScenarioArgs(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + args[i] + "' is not name=value");
            }
            values.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
    }

    long longValue(String name, long otherwise) {
        String value = values.get(name);
        return value == null ? otherwise : Long.parseLong(value);
    }

    String string(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.get(name));
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
