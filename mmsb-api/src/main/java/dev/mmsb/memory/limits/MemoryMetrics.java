package dev.mmsb.memory.limits;

import dev.mmsb.internal.diag.Diagnostics;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The JMX MBean {@value #OBJECT_NAME}, registered in the platform MBean server when {@link MemoryBudget} loads (the
 * first commit), unless {@code -Dmmsb.jmx=false}. JConsole, JMC and any JMX exporter see it as {@code dev.mmsb} /
 * {@code Memory}.
 */
public final class MemoryMetrics implements MemoryMetricsMXBean {
    /** The MBean's {@link ObjectName} in the platform MBean server. */
    public static final String OBJECT_NAME = "dev.mmsb:type=Memory";
    /** System property: {@code false} keeps the MBean out of the platform MBean server. */
    public static final String JMX_PROPERTY = "mmsb.jmx";

    private final MemoryBudget budget;
    private final MappingLimit mappings;

    MemoryMetrics(MemoryBudget budget, MappingLimit mappings) {
        this.budget = budget;
        this.mappings = mappings;
    }

    static void registerIfEnabled(MemoryBudget budget) {
        if (!Boolean.parseBoolean(System.getProperty(JMX_PROPERTY, "true"))) {
            return;
        }
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(new MemoryMetrics(budget, MappingLimit.process()), name);
            }
        } catch (JMException | RuntimeException | LinkageError e) {
            // Metrics are a view; a JVM without java.management (or a clash) runs without them.
            Diagnostics.logger().log(Level.DEBUG, "MMSB's MBean " + OBJECT_NAME + " is not registered: " + e);
        }
    }

    @Override
    public long getCommittedBytes() {
        return budget.committedBytes();
    }

    @Override
    public Map<String, Long> getCommittedBytesByBackend() {
        return budget.committedByBackend();
    }

    @Override
    public long getReservedBytes() {
        return mappings.reservedBytes();
    }

    @Override
    public long getReservations() {
        return mappings.reservations();
    }

    @Override
    public long getKernelMappings() {
        return mappings.mmsbMappings();
    }

    @Override
    public long getBudgetBytes() {
        return budget.budget();
    }

    @Override
    public String getBudgetSetting() {
        return budget.setting();
    }

    @Override
    public long getRefusals() {
        return budget.refusals();
    }

    @Override
    public long getTrims() {
        return budget.trims();
    }

    @Override
    public long getTrimmedBytes() {
        return budget.trimmedBytes();
    }
}
