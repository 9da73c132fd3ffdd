/**
 * MMSB's API: reserve, commit, decommit, protect and release address space ({@code dev.mmsb.memory}), pages
 * ({@code dev.mmsb.page}), element codecs ({@code dev.mmsb.codec}), the mapping-limit guard
 * ({@code dev.mmsb.memory.limits}), and the SPI backends implement ({@code dev.mmsb.memory.spi}). Diagnostics (the
 * JFR events and the {@code dev.mmsb} logger) live in a package no other module can use.
 */
module dev.mmsb.api {
    requires java.management;
    requires jdk.jfr;

    exports dev.mmsb.codec;
    exports dev.mmsb.memory;
    exports dev.mmsb.memory.limits;
    exports dev.mmsb.memory.spi;
    exports dev.mmsb.page;

    uses dev.mmsb.memory.spi.BackendProvider;
}
