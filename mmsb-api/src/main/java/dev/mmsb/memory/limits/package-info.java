/**
 * The limits MMSB keeps the process within, in one place: {@link dev.mmsb.memory.limits.MemoryBudget} (bytes
 * committed, against a budget that a container's memory limit suggests) and {@link dev.mmsb.memory.limits.MappingLimit}
 * (kernel mappings, against {@code vm.max_map_count}). Both refuse an operation before its syscall, with a named
 * exception, where the kernel's own answer would kill the process; both count what every reservation does, and
 * {@link dev.mmsb.memory.limits.MemoryMetrics} shows both as the JMX MBean {@code dev.mmsb:type=Memory}.
 */
package dev.mmsb.memory.limits;
