package dev.mmsb.queue;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/** The consumer closes while the producer copies across chunks: the other role finishes or gets IllegalStateException, never a crash (Unsafe). */
@JCStressTest
@Description("The consumer closes while the producer copies across chunks: the other role finishes or gets IllegalStateException, never a crash; all memory released")
@Outcome(id = {"1, 0, 0", "1, 1, 0"}, expect = ACCEPTABLE,
        desc = "released; r2, r3: whether the producer, the consumer saw IllegalStateException")
@Outcome(expect = FORBIDDEN, desc = "memory left committed after close, or the closing role saw the close")
@State
public class SpscConsumerClosesUnsafeTest {
    private final SpscCases.CloseRace c = new SpscCases.CloseRace(SpscScenarios.UNSAFE, true);

    @Actor
    public void producer(III_Result r) {
        r.r2 = c.produce();
    }

    @Actor
    public void consumer(III_Result r) {
        r.r3 = c.consume();
    }

    @Arbiter
    public void check(III_Result r) {
        r.r1 = c.released();
    }
}
