package dev.mmsb.queue;

import dev.mmsb.memory.Protection;
import dev.mmsb.memory.Reservation;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/** A reservation that passes every call to a real one and counts the paging calls. */
final class CountingReservation implements Reservation {
    final Reservation real;
    final AtomicLong commits;
    final AtomicLong decommits;

    CountingReservation(Reservation real, AtomicLong commits, AtomicLong decommits) {
        this.real = real;
        this.commits = commits;
        this.decommits = decommits;
    }

    @Override
    public long size() {
        return real.size();
    }

    @Override
    public long pageSize() {
        return real.pageSize();
    }

    @Override
    public String backend() {
        return real.backend();
    }

    @Override
    public long committedBytes() {
        return real.committedBytes();
    }

    @Override
    public void commit(long offset, long length) {
        commits.incrementAndGet();
        real.commit(offset, length);
    }

    @Override
    public void decommit(long offset, long length) {
        decommits.incrementAndGet();
        real.decommit(offset, length);
    }

    @Override
    public void protect(long offset, long length, Protection protection) {
        real.protect(offset, length, protection);
    }

    @Override
    public dev.mmsb.memory.MemoryView view(long offset, long length) {
        return real.view(offset, length);
    }

    @Override
    public boolean grow(long newSize) {
        return real.grow(newSize);
    }

    @Override
    public void release() {
        real.release();
    }

    @Override
    public boolean isReleased() {
        return real.isReleased();
    }

    @Override
    public void close() {
        real.close();
    }

    @Override
    public byte getByte(long offset) {
        return real.getByte(offset);
    }

    @Override
    public void putByte(long offset, byte value) {
        real.putByte(offset, value);
    }

    @Override
    public short getShort(long offset) {
        return real.getShort(offset);
    }

    @Override
    public void putShort(long offset, short value) {
        real.putShort(offset, value);
    }

    @Override
    public int getInt(long offset) {
        return real.getInt(offset);
    }

    @Override
    public void putInt(long offset, int value) {
        real.putInt(offset, value);
    }

    @Override
    public long getLong(long offset) {
        return real.getLong(offset);
    }

    @Override
    public void putLong(long offset, long value) {
        real.putLong(offset, value);
    }

    @Override
    public float getFloat(long offset) {
        return real.getFloat(offset);
    }

    @Override
    public void putFloat(long offset, float value) {
        real.putFloat(offset, value);
    }

    @Override
    public double getDouble(long offset) {
        return real.getDouble(offset);
    }

    @Override
    public void putDouble(long offset, double value) {
        real.putDouble(offset, value);
    }

    @Override
    public void get(long offset, byte[] dst, int dstIndex, int length) {
        real.get(offset, dst, dstIndex, length);
    }

    @Override
    public void put(long offset, byte[] src, int srcIndex, int length) {
        real.put(offset, src, srcIndex, length);
    }

    @Override
    public void get(long offset, int[] dst, int dstIndex, int count) {
        real.get(offset, dst, dstIndex, count);
    }

    @Override
    public void put(long offset, int[] src, int srcIndex, int count) {
        real.put(offset, src, srcIndex, count);
    }

    @Override
    public void get(long offset, long[] dst, int dstIndex, int count) {
        real.get(offset, dst, dstIndex, count);
    }

    @Override
    public void put(long offset, long[] src, int srcIndex, int count) {
        real.put(offset, src, srcIndex, count);
    }

    @Override
    public void get(long offset, ByteBuffer dst) {
        real.get(offset, dst);
    }

    @Override
    public void put(long offset, ByteBuffer src) {
        real.put(offset, src);
    }

    @Override
    public void fill(long offset, long length, byte value) {
        real.fill(offset, length, value);
    }

    @Override
    public void copy(long srcOffset, long dstOffset, long length) {
        real.copy(srcOffset, dstOffset, length);
    }

    @Override
    public void copyTo(long srcOffset, Reservation dst, long dstOffset, long length) {
        real.copyTo(srcOffset, dst, dstOffset, length);
    }
}
