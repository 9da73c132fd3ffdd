// Exported, not only opened to com.google.guice: with guice_custom_class_loading=CHILD (which MmsbModule sets), the
// classes Guice generates to call @Inject constructors live in a child class loader's unnamed module, and bytecode
// there can only use exported packages (docs/JVM-FLAGS.md).
module consumer.guice {
    requires dev.mmsb.guice;
    requires dev.mmsb.vector;

    exports consumer;
}
