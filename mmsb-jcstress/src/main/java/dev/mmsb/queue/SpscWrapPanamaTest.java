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

/** The consumer hands a passed chunk back while the producer takes a spare: the wrap (panama). */
@JCStressTest
@Description("The consumer hands a passed chunk back while the producer takes a spare: the wrap")
@Outcome(id = {"1, 0", "1, 1", "1, 2", "1, 3", "1, 4"}, expect = ACCEPTABLE, desc = "in order, none lost or repeated")
@Outcome(expect = FORBIDDEN, desc = "lost, repeated, reordered or torn elements, or memory left committed")
@State
public class SpscWrapPanamaTest {
    private final SpscCases.Boundary c = SpscCases.Boundary.handBack(SpscScenarios.PANAMA, 1);

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
