/**
 * {@link dev.mmsb.inject.MmsbModule} for Guice. Guice is an automatic module and cannot name the explicit modules it
 * needs, so this module requires them for it: {@code jakarta.inject} (Guice's {@code Provider} extends its own, hence
 * transitive) and Guava's {@code com.google.common}, in the version this artifact brings, which does not warn about
 * {@code sun.misc.Unsafe}.
 */
module dev.mmsb.guice {
    requires transitive dev.mmsb.api;
    requires transitive com.google.guice;
    requires transitive jakarta.inject;
    requires com.google.common;

    exports dev.mmsb.inject;
}
