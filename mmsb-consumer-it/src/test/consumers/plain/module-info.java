module consumer.plain {
    requires dev.mmsb.vector;
}
