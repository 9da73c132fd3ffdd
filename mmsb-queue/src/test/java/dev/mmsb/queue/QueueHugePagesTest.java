package dev.mmsb.queue;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.spi.AbstractReservation;
import dev.mmsb.memory.spi.HugePages;
import dev.mmsb.testing.ProcSelf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Queues ask for huge pages on their reservation by default, and give them back when drained. */
class QueueHugePagesTest {
    private static final long MIB = 1 << 20;

    private static long huge(Ring ring) {
        long committed = ring.committedBytes();
        return committed == 0 ? 0 : ProcSelf.smapsBytes(((AbstractReservation) ring.mem).address(), committed,
                "AnonHugePages:");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void aLargeLapIsBackedByHugePagesAndGivenBackWhenDrained(Backend backend) {
        assumeTrue(HugePages.mode().equals("madvise") || HugePages.mode().equals("always"),
                "transparent huge pages are " + HugePages.mode());
        try (MappedIntQueue q = MappedIntQueue.create(backend, QueueOptions.defaults())) {
            int n = 8 << 20; // 32 MiB of ints
            for (int i = 0; i < n; i++) {
                q.offerInt(i);
            }
            long hugeFull = huge(q.ring());
            assertTrue(hugeFull >= 16 * MIB, "AnonHugePages of a 32 MiB queue: " + hugeFull / MIB + " MiB");
            for (int i = 0; i < n; i++) {
                assertEquals(i, q.pollInt(-1));
            }
            assertTrue(q.committedBytes() <= QueueOptions.DEFAULT_SLACK_BYTES, "drained: " + q.committedBytes());
            assertEquals(0, huge(q.ring()), "a drained queue holds no huge page");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void hugePagesCanBeTurnedOff(Backend backend) {
        assumeTrue(HugePages.mode().equals("madvise"), "with THP " + HugePages.mode() + " the advice decides nothing");
        try (MappedIntQueue q = MappedIntQueue.create(backend, QueueOptions.defaults().withHugePages(false))) {
            for (int i = 0; i < (4 << 20); i++) {
                q.offerInt(i);
            }
            assertEquals(0, huge(q.ring()), "no advice, no huge pages");
        }
    }
}
