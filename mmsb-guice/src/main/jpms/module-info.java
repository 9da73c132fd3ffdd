/**
 * {@link dev.mmsb.inject.MmsbModule} for Guice. Guice is an automatic module and cannot name what it needs, so this
 * module requires Guava's (the version this artifact brings, which does not warn about {@code sun.misc.Unsafe}) for it.
 */
module dev.mmsb.guice {
    requires transitive dev.mmsb.api;
    requires transitive com.google.guice;
    requires com.google.common;

    exports dev.mmsb.inject;
}
