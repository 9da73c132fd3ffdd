package dev.mmsb.micrometer;

import dev.mmsb.memory.limits.MappingLimit;
import dev.mmsb.memory.limits.MemoryBudget;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;
import java.util.Objects;

/**
 * Binds what MMSB holds, process-wide, to a Micrometer registry: the numbers of the JMX MBean
 * {@code dev.mmsb:type=Memory}, read when the registry asks.
 *
 * <pre>{@code
 * new MmsbMemoryMetrics().bindTo(registry);
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@code mmsb.memory.committed}</td><td>gauge, tag {@code backend}</td><td>bytes committed per backend</td></tr>
 *   <tr><td>{@code mmsb.memory.reserved}</td><td>gauge</td><td>address space held by live reservations</td></tr>
 *   <tr><td>{@code mmsb.memory.reservations}</td><td>gauge</td><td>live reservations</td></tr>
 *   <tr><td>{@code mmsb.memory.mappings}</td><td>gauge</td><td>kernel mappings MMSB's reservations make</td></tr>
 *   <tr><td>{@code mmsb.memory.budget}</td><td>gauge</td><td>the commit budget in bytes (NaN for none)</td></tr>
 *   <tr><td>{@code mmsb.memory.budget.refusals}</td><td>counter</td><td>commits refused at the budget</td></tr>
 *   <tr><td>{@code mmsb.memory.budget.trims}</td><td>counter</td><td>trim requests structures honoured</td></tr>
 *   <tr><td>{@code mmsb.memory.budget.trimmed}</td><td>counter</td><td>bytes those trims gave back</td></tr>
 * </table>
 *
 * <p>Both backends get a committed gauge, so that a dashboard shows 0 for the one not in use rather than no series.
 */
public final class MmsbMemoryMetrics implements MeterBinder {
    /** The backends MMSB ships; any other that commits later gets no gauge of its own (its bytes are in the MBean). */
    static final List<String> BACKENDS = List.of("panama", "unsafe");

    private final MemoryBudget budget;
    private final MappingLimit mappings;
    private final Iterable<Tag> tags;

    /** The process's numbers, with no extra tags. */
    public MmsbMemoryMetrics() {
        this(Tags.empty());
    }

    /**
     * The process's numbers, each meter with {@code tags} too.
     *
     * @param tags the tags added to every meter
     * @throws NullPointerException if {@code tags} is null
     */
    public MmsbMemoryMetrics(Iterable<Tag> tags) {
        this.budget = MemoryBudget.process();
        this.mappings = MappingLimit.process();
        this.tags = Objects.requireNonNull(tags, "tags");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String backend : BACKENDS) {
            Gauge.builder("mmsb.memory.committed", budget, b -> b.committedBytes(backend))
                    .tags(tags).tag("backend", backend).baseUnit(BaseUnits.BYTES)
                    .description("Bytes committed through MMSB on this backend").register(registry);
        }
        Gauge.builder("mmsb.memory.reserved", mappings, MappingLimit::reservedBytes).tags(tags)
                .baseUnit(BaseUnits.BYTES).description("Address space held by MMSB's live reservations")
                .register(registry);
        Gauge.builder("mmsb.memory.reservations", mappings, MappingLimit::reservations).tags(tags)
                .description("MMSB's live reservations").register(registry);
        Gauge.builder("mmsb.memory.mappings", mappings, MappingLimit::mmsbMappings).tags(tags)
                .description("Kernel memory mappings MMSB's reservations make (an upper bound)").register(registry);
        Gauge.builder("mmsb.memory.budget", budget, b -> b.budget() == MemoryBudget.NONE ? Double.NaN : b.budget())
                .tags(tags).baseUnit(BaseUnits.BYTES).description("The commit budget (NaN for none)")
                .register(registry);
        FunctionCounter.builder("mmsb.memory.budget.refusals", budget, MemoryBudget::refusals).tags(tags)
                .description("Commits refused at the budget").register(registry);
        FunctionCounter.builder("mmsb.memory.budget.trims", budget, MemoryBudget::trims).tags(tags)
                .description("Trim requests that structures honoured").register(registry);
        FunctionCounter.builder("mmsb.memory.budget.trimmed", budget, MemoryBudget::trimmedBytes).tags(tags)
                .baseUnit(BaseUnits.BYTES).description("Bytes the trims gave back").register(registry);
    }
}
