/**
 * {@link dev.mmsb.micrometer.MmsbMemoryMetrics}: what MMSB holds, as Micrometer meters. Micrometer is an automatic
 * module ({@code micrometer.core}).
 */
module dev.mmsb.micrometer {
    requires transitive dev.mmsb.api;
    requires transitive micrometer.core;

    exports dev.mmsb.micrometer;
}
