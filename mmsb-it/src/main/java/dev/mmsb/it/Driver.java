package dev.mmsb.it;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;

/**
 * Runs one scenario on the backend {@code -Dmmsb.backend} names and prints one JSON line per phase (see
 * {@link PhaseLog}). Usage: {@code Driver <scenario> [name=value ...]}, scenario one of
 * {@code vector-rounds}, {@code seed}, {@code queue-stream}, {@code pages}, {@code budget}, {@code budget-trim}, {@code spsc-stream}.
 *
 * <p>Exit status: 0 when the scenario ran to its end and every check held; 1 when a check failed or an exception
 * ended it (the reason on stderr and in a last {@code "failed"} line); 2 for bad arguments. A container that kills the
 * driver for lack of memory shows as 137.
 */
public final class Driver {
    private Driver() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: Driver <vector-rounds|seed|queue-stream|pages|budget|budget-trim|spsc-stream> [name=value ...]");
            System.exit(2);
        }
        String scenario = args[0];
        ScenarioArgs arguments;
        try {
            arguments = new ScenarioArgs(args, 1);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Backend backend = Backends.load();
        PhaseLog log = new PhaseLog(scenario, backend.name());
        try {
            switch (scenario) {
                case "vector-rounds":
                    VectorRounds.run(backend, log, arguments);
                    break;
                case "seed":
                    SeedAtScale.run(backend, log, arguments);
                    break;
                case "queue-stream":
                    QueueStreaming.run(backend, log, arguments);
                    break;
                case "spsc-stream":
                    SpscStreaming.run(backend, log, arguments);
                    break;
                case "pages":
                    PageAllocatorRun.run(backend, log, arguments);
                    break;
                case "budget":
                    BudgetRefusals.run(backend, log, arguments);
                    break;
                case "budget-trim":
                    BudgetTrim.run(backend, log, arguments);
                    break;
                default:
                    System.err.println("unknown scenario '" + scenario + "'");
                    System.exit(2);
            }
            log.phase("done", 0, 0);
        } catch (Throwable e) {
            e.printStackTrace();
            log.phase("failed", 0, -1, "error", e.toString());
            System.exit(1);
        }
    }

    /** Fails the scenario: the driver exits 1 with this message. */
    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
