package dev.mmsb.vector;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.BudgetExceededException;
import dev.mmsb.memory.limits.MemoryBudget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A vector at the commit budget: push throws and changes nothing; a vector's room is trimmed by its own thread. */
class VectorBudgetTest {
    private static final long MIB = 1L << 20;
    private final MemoryBudget budget = MemoryBudget.process();

    @AfterEach
    void noBudget() {
        budget.clearBudget();
        budget.setTrimWaitMillis(MemoryBudget.DEFAULT_TRIM_WAIT_MILLIS);
    }

    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void pushPastTheBudgetThrowsAndChangesNothing(Backend backend) {
        try (MappedLongVector vector = MappedLongVector.create(backend)) {
            budget.setBudget(budget.committedBytes() + 4 * MIB);
            long pushed = 0;
            BudgetExceededException refusal = null;
            long committedBefore = -1;
            try {
                while (true) {
                    committedBefore = vector.committedBytes();
                    vector.push(pushed);
                    pushed++;
                }
            } catch (BudgetExceededException e) {
                refusal = e;
            }
            assertEquals(pushed, vector.size());
            assertEquals(committedBefore, vector.committedBytes(), "the refused push committed nothing");
            for (long i = 0; i < pushed; i += 997) {
                assertEquals(i, vector.get(i));
            }
            assertEquals(pushed - 1, vector.get(pushed - 1));
            assertTrue(refusal.holders().get(0).startsWith("MappedLongVector@"), refusal.holders().toString());
            assertTrue(budget.committedBytes() <= budget.budget());
            vector.clear();
            for (long i = 0; i < pushed; i++) {
                vector.push(i); // the same again fits: the clear gave the pages back
            }
            assertEquals(pushed, vector.size());
        }
    }

    /**
     * A vector whose pages outlive its elements (ShrinkPolicy.NEVER) is owned by another thread. A refusal on this
     * thread does not touch it; the owner trims at its next clear, and a commit that waits for that succeeds.
     */
    @ParameterizedTest
    @MethodSource("dev.mmsb.testing.TestBackends#all")
    void aRoomyVectorIsTrimmedByItsOwnThreadOnly(Backend backend) throws Exception {
        CountDownLatch filled = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ownerCommitted = new AtomicLong(-1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread owner = new Thread(() -> {
            try (MappedLongVector roomy = MappedLongVector.create(backend,
                    VectorOptions.defaults().withShrinkPolicy(ShrinkPolicy.NEVER))) {
                for (long i = 0; i < (8 * MIB) / Long.BYTES; i++) {
                    roomy.push(i);
                }
                roomy.clear(); // NEVER: the 8 MiB stay committed
                ownerCommitted.set(roomy.committedBytes());
                filled.countDown();
                resume.await();
                while (!stop.get()) {
                    roomy.clear(); // an out-of-line call: where the owner honours a trim request
                    ownerCommitted.set(roomy.committedBytes());
                    Thread.sleep(1);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "vector-owner");
        owner.start();
        try {
            assertTrue(filled.await(30, TimeUnit.SECONDS));
            long roomBytes = ownerCommitted.get();
            assertTrue(roomBytes >= 8 * MIB, "the owner's vector keeps its room: " + roomBytes);
            budget.setBudget(budget.committedBytes() + 4 * MIB);
            long trims = budget.trims();
            try (MappedLongVector needy = MappedLongVector.create(backend)) {
                // The owner is parked: nobody trims, and the refusal stands after the wait.
                budget.setTrimWaitMillis(50);
                assertThrows(BudgetExceededException.class, () -> {
                    for (long i = 0; i < (6 * MIB) / Long.BYTES; i++) {
                        needy.push(i);
                    }
                });
                assertEquals(roomBytes, ownerCommitted.get(), "a foreign thread trimmed the vector");
                assertEquals(trims, budget.trims());
                // The owner runs again: its next clear honours the request, and the push goes through.
                resume.countDown();
                budget.setTrimWaitMillis(10_000);
                for (long i = needy.size(); i < (6 * MIB) / Long.BYTES; i++) {
                    needy.push(i);
                }
                assertEquals((6 * MIB) / Long.BYTES, needy.size());
                // The owner counts its trim just after the decommit that let the push through.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (budget.trims() == trims && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                long trimsNow = budget.trims();
                assertTrue(trimsNow > trims, () -> "trims " + trims + " -> " + trimsNow + ", committed "
                        + budget.committedBytes() + ", budget " + budget.budget() + ", owner's vector "
                        + ownerCommitted.get() + ", needy " + needy.committedBytes());
            }
        } finally {
            resume.countDown();
            stop.set(true);
            owner.join();
        }
        assertNull(failure.get());
        assertEquals(0, ownerCommitted.get(), "the owner trimmed its room away");
    }
}
