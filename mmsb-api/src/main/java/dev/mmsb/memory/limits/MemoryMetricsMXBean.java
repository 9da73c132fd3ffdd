package dev.mmsb.memory.limits;

import java.util.Map;

/**
 * What MMSB holds, process-wide, as the JMX MBean {@value MemoryMetrics#OBJECT_NAME}: the same numbers as
 * {@link MemoryBudget} and {@link MappingLimit} report, read when asked.
 */
public interface MemoryMetricsMXBean {
    /** Bytes committed through MMSB, every backend. */
    long getCommittedBytes();

    /** Bytes committed through MMSB per backend ("panama", "unsafe"). */
    Map<String, Long> getCommittedBytesByBackend();

    /** Address space held by live reservations. */
    long getReservedBytes();

    /** Live reservations. */
    long getReservations();

    /** Kernel memory mappings MMSB's reservations make, by MMSB's count (an upper bound). */
    long getKernelMappings();

    /** The commit budget in bytes, or -1 for none. */
    long getBudgetBytes();

    /** The setting the budget came from, e.g. "75% of 268435456 bytes from cgroup v2 /sys/fs/cgroup/memory.max". */
    String getBudgetSetting();

    /** Commits refused at the budget since the JVM started. */
    long getRefusals();

    /** Trim requests that structures honoured since the JVM started. */
    long getTrims();

    /** Bytes those trims gave back. */
    long getTrimmedBytes();
}
