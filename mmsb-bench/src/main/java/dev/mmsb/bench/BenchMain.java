package dev.mmsb.bench;

import java.util.List;

/**
 * The entry point of {@code mmsb-bench.jar}: JMH's own {@code Main}, once it is clear that this JVM can run the
 * benchmarks. The jar runs on JDK 25: every benchmark JVM is started with {@value ForkFlags#UNSAFE_ACCESS}, a flag
 * that JDKs before 23 refuse to start with, and the Panama variants (the backend and the downcall floor) need 25. On
 * an older JDK this says so once, instead of every fork failing with "Unrecognized option" (unless {@code -jvm} names
 * another JVM for the forks, or nothing is run: {@code -l}, {@code -h} and the like).
 */
public final class BenchMain {
    static final int NEEDS = 25;
    private static final List<String> NO_RUN = List.of("-l", "-lp", "-lrf", "-lprof", "-h", "-help", "--help");

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        int feature = Runtime.version().feature();
        List<String> options = List.of(args);
        boolean forksElsewhere = options.contains("-jvm") || options.stream().anyMatch(NO_RUN::contains);
        if (feature < 23 && !forksElsewhere) {
            System.err.printf("mmsb-bench.jar needs JDK %d (this java is JDK %d): the benchmark JVMs get %s, which "
                    + "JDK 23+ knows, and the Panama variants need %d.%nRun it as scripts/bench-jar.sh [JMH options] "
                    + "(finds a JDK %d), or with a JDK %d java: /path/to/jdk-%d/bin/java -jar "
                    + "mmsb-bench/target/mmsb-bench.jar ...%n", NEEDS, feature, ForkFlags.UNSAFE_ACCESS, NEEDS, NEEDS,
                    NEEDS, NEEDS);
            System.exit(2);
        }
        if (feature < NEEDS && !forksElsewhere) {
            System.err.printf("Note: JDK %d runs the Unsafe backend and the peers, but the Panama variants need JDK "
                    + "%d and will fail.%n", feature, NEEDS);
        }
        org.openjdk.jmh.Main.main(args);
    }
}
