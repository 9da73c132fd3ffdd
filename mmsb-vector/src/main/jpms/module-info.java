/** Growable vectors that commit as they grow and decommit as they shrink. */
module dev.mmsb.vector {
    requires transitive dev.mmsb.api;

    exports dev.mmsb.vector;
}
