package io.vigil.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The benchmarks' command line: {@code --name value} or {@code --name=value} flags over
 * {@code BENCH_NAME} environment defaults, repeatable {@code --set key=value} for the gateway, and
 * switches without a value. Remembers which flags were read so that unknown ones are refused.
 */
final class BenchSettings {
    /** Switches the run scripts handle themselves (the build and the temporary directory). */
    private static final Set<String> SCRIPT_SWITCHES = Set.of("keep", "no-build");

    private final Map<String, String> flags;
    private final Map<String, String> env;
    private final List<String> sets;
    private final Set<String> switches;

    private BenchSettings(Map<String, String> flags, Map<String, String> env, List<String> sets, Set<String> switches) {
        this.flags = flags;
        this.env = env;
        this.sets = List.copyOf(sets);
        this.switches = switches;
    }

    /** Parses {@code args}; {@code knownSwitches} are flags that take no value. */
    static BenchSettings parse(String[] args, Map<String, String> env, Set<String> knownSwitches) {
        Map<String, String> flags = new LinkedHashMap<>();
        List<String> sets = new ArrayList<>();
        Set<String> switches = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (SCRIPT_SWITCHES.contains(name)) {
                continue;
            }
            if (knownSwitches.contains(name)) {
                switches.add(name);
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (name.equals("set")) {
                sets.add(value);
            } else {
                flags.put(name, value);
            }
        }
        return new BenchSettings(flags, env, sets, switches);
    }

    List<String> sets() {
        return sets;
    }

    boolean has(String switchName) {
        return switches.contains(switchName);
    }

    String text(String name, String fallback) {
        String flag = flags.remove(name);
        if (flag != null) {
            return flag;
        }
        String fromEnv = env.get("BENCH_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        return fromEnv == null || fromEnv.isBlank() ? fallback : fromEnv;
    }

    long number(String name, long fallback) {
        String v = text(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + v + "'");
        }
    }

    String required(String name) {
        String v = text(name, null);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required (the run script passes it)");
        }
        return v;
    }

    /** The gateway's extra JVM options, split on blanks. */
    List<String> javaOpts(String name) {
        return List.of(text(name, "").trim().split("\\s+")).stream().filter(o -> !o.isEmpty()).toList();
    }

    void rejectUnused() {
        if (!flags.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + flags.keySet().iterator().next());
        }
    }
}
