package dev.mmsb.queue;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/** Pairs of longs across a chunk boundary: a polled element is always complete (unsafe). */
@JCStressTest
@Description("Pairs of longs across a chunk boundary: a polled element is always complete")
@Outcome(id = {"1, 0", "1, 1", "1, 2", "1, 3", "1, 4"}, expect = ACCEPTABLE, desc = "whole and in order")
@Outcome(expect = FORBIDDEN, desc = "a torn, lost, repeated or reordered pair")
@State
public class SpscPairsUnsafeTest {
    private final SpscCases.Pairs c = new SpscCases.Pairs(SpscScenarios.UNSAFE);

    @Actor
    public void producer() {
        c.produce();
    }

    @Actor
    public void consumer() {
        c.consume();
    }

    @Arbiter
    public void check(II_Result r) {
        c.arbiter(r);
    }
}
