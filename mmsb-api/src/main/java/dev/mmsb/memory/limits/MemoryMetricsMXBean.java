package dev.mmsb.memory.limits;

import java.util.Map;

/**
 * What MMSB holds, process-wide, as the JMX MBean {@value MemoryMetrics#OBJECT_NAME}: the same numbers as
 * {@link MemoryBudget} and {@link MappingLimit} report, read when asked.
 */
public interface MemoryMetricsMXBean {
    /** {@return bytes committed through MMSB, every backend} */
    long getCommittedBytes();

    /** {@return bytes committed through MMSB per backend ("panama", "unsafe")} */
    Map<String, Long> getCommittedBytesByBackend();

    /** {@return bytes of address space held by live reservations} */
    long getReservedBytes();

    /** {@return the number of live reservations} */
    long getReservations();

    /** {@return the number of kernel memory mappings MMSB's reservations make, by MMSB's count (an upper bound)} */
    long getKernelMappings();

    /** {@return the commit budget in bytes, or -1 for none} */
    long getBudgetBytes();

    /**
     * {@return the setting the budget came from, e.g. "75% of 268435456 bytes from cgroup v2
     * /sys/fs/cgroup/memory.max"}
     */
    String getBudgetSetting();

    /** {@return the number of commits refused at the budget since the JVM started} */
    long getRefusals();

    /** {@return the number of trim requests that structures honoured since the JVM started} */
    long getTrims();

    /** {@return bytes those trims gave back} */
    long getTrimmedBytes();
}
