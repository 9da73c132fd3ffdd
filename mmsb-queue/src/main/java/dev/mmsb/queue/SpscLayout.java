package dev.mmsb.queue;

import dev.mmsb.memory.MemoryView;

/*
 * The field layout of the SPSC queues, as JCTools lays out its own: the producer's fields, then the consumer's, each
 * between 128 bytes of padding, so that neither thread's writes invalidate the cache line the other reads on every
 * element (HotSpot places a superclass's fields before its subclass's). The roles' shared, rarely written state lives
 * in SpscCore after the last pad.
 */

@SuppressWarnings("unused")
abstract class SpscPad0 {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

/** Written by the producer only; read by the consumer only through {@link #producerIndex}. */
abstract class SpscProducerFields extends SpscPad0 {
    /** Elements ever offered; published with a release store after the element is written. */
    long producerIndex;
    /** The producer's role flag: 0 outside an operation, {@link SpscCore#SHORT_OP} or {@link SpscCore#LONG_OP}. */
    int producerIn;
    /** The producer may offer up to this index without reading {@code consumerIndex} again (bounded queues). */
    long producerLimit;
    SpscChunk producerChunk;
    MemoryView producerView;
    long producerChunkBase;
    long producerChunkEnd;
    /** Spare chunks the producer has taken from the spare ring. */
    long spareHead;
}

@SuppressWarnings("unused")
abstract class SpscPad1 extends SpscProducerFields {
    long p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31, p32, p33, p34, p35;
}

/** Written by the consumer only; read by the producer only through {@link #consumerIndex} and {@link #spareTail}. */
abstract class SpscConsumerFields extends SpscPad1 {
    /** Elements ever removed; published with a release store after the element is read. */
    long consumerIndex;
    /** The consumer's role flag, as {@link #producerIn}. */
    int consumerIn;
    /** The last {@code producerIndex} the consumer read: it polls up to here without reading it again. */
    long consumerLimit;
    SpscChunk consumerChunk;
    MemoryView consumerView;
    long consumerChunkBase;
    long consumerChunkEnd;
    /** Spare chunks the consumer has put in the spare ring. */
    long spareTail;
}

@SuppressWarnings("unused")
abstract class SpscPad2 extends SpscConsumerFields {
    long p40, p41, p42, p43, p44, p45, p46, p47, p48, p49, p50, p51, p52, p53, p54, p55;
}
