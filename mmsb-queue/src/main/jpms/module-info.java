/** FIFO queues that return drained pages to the OS, and a lapping ring. */
module dev.mmsb.queue {
    requires transitive dev.mmsb.api;

    exports dev.mmsb.queue;
}
