package dev.mmsb.backend.unsafe;

import dev.mmsb.memory.Backend;
import dev.mmsb.memory.Backends;
import dev.mmsb.memory.PageAccessException;
import dev.mmsb.memory.Reservation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Unsafe backend end to end, with sizes past its internal chunks (1 MiB for copies, 64 KiB for buffers). */
class UnsafeBackendSmokeTest {
    private static final int MIB = 1 << 20;

    private Backend backend;
    private Reservation r;

    @BeforeEach
    void reserveAndCommit() {
        backend = new UnsafeBackendProvider().create();
        r = backend.reserve(MIB);
        r.commit(0, MIB);
    }

    @AfterEach
    void release() {
        r.release();
    }

    @Test
    void providerMakesTheUnsafeBackend() {
        assertEquals("unsafe", backend.name());
        assertEquals(Syscalls.pageSize(), backend.pageSize());
        assertEquals("unsafe", r.backend());
        assertEquals(MIB, r.size());
        assertEquals(MIB, r.committedBytes());
        assertEquals("unsafe", Backends.load("unsafe").name());
    }

    @Test
    void everyTypeRoundTrips() {
        r.putByte(1, (byte) -2);
        r.putShort(3, (short) -12_345);
        r.putInt(7, 0xDEADBEEF);
        r.putLong(13, 0x1122_3344_5566_7788L);
        r.putFloat(25, -0.5f);
        r.putDouble(33, Math.PI);
        assertEquals((byte) -2, r.getByte(1));
        assertEquals((short) -12_345, r.getShort(3));
        assertEquals(0xDEADBEEF, r.getInt(7));
        assertEquals(0x1122_3344_5566_7788L, r.getLong(13));
        assertEquals(-0.5f, r.getFloat(25));
        assertEquals(Math.PI, r.getDouble(33));
        r.putLong(MIB - 8, -3L);
        assertEquals(-3L, r.getLong(MIB - 8));
        assertThrows(IndexOutOfBoundsException.class, () -> r.getLong(MIB - 7));
    }

    @Test
    void arraysRoundTrip() {
        byte[] bytes = random(MIB - 3);
        r.put(3, bytes, 0, bytes.length);
        byte[] back = new byte[bytes.length + 2];
        r.get(3, back, 2, bytes.length);
        assertArrayEquals(bytes, Arrays.copyOfRange(back, 2, back.length));

        int[] ints = new Random(1).ints(MIB / 4 - 1).toArray();
        r.put(1, ints, 1, ints.length - 1);
        int[] intsBack = new int[ints.length];
        r.get(1, intsBack, 1, ints.length - 1);
        intsBack[0] = ints[0];
        assertArrayEquals(ints, intsBack);
        assertEquals(ints[1], r.getInt(1));

        long[] longs = new Random(2).longs(MIB / 8).toArray();
        r.put(0, longs, 0, longs.length);
        long[] longsBack = new long[longs.length];
        r.get(0, longsBack, 0, longs.length);
        assertArrayEquals(longs, longsBack);
        assertEquals(longs[longs.length - 1], r.getLong(MIB - 8));
    }

    @Test
    void arrayRangesAreCheckedBeforeMemory() {
        assertThrows(IndexOutOfBoundsException.class, () -> r.put(0, new int[4], 3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> r.get(0, new long[4], 0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> r.put(MIB - 4, new long[1], 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> r.get(0, new int[MIB], 0, MIB));
        assertEquals(0, r.getLong(MIB - 8));
    }

    @Test
    void byteBuffersOfEveryKindRoundTrip() {
        byte[] bytes = random(200_000); // several 64 KiB chunks for buffers without an array
        ByteBuffer[] sources = {ByteBuffer.wrap(bytes), ByteBuffer.wrap(bytes).asReadOnlyBuffer(),
                ByteBuffer.allocateDirect(bytes.length).put(bytes).flip(),
                ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer(),
                ByteBuffer.wrap(new byte[bytes.length + 10], 5, bytes.length).slice().put(bytes).flip()};
        for (ByteBuffer src : sources) {
            r.fill(0, MIB, (byte) 0);
            src.position(7);
            r.put(11, src);
            assertEquals(bytes.length, src.position());
            for (ByteBuffer dst : new ByteBuffer[]{ByteBuffer.allocate(bytes.length),
                    ByteBuffer.allocateDirect(bytes.length)}) {
                dst.position(7);
                r.get(11, dst);
                assertEquals(bytes.length, dst.position());
                byte[] back = new byte[bytes.length - 7];
                dst.position(7);
                dst.get(back);
                assertArrayEquals(Arrays.copyOfRange(bytes, 7, bytes.length), back, src.toString());
            }
            assertEquals(0, r.getByte(10));
            assertEquals(0, r.getByte(11 + bytes.length - 7));
        }
    }

    @Test
    void fillAndOverlappingCopiesBehaveLikeMemmove() {
        long length = 768 * 1024;
        byte[] pattern = random((int) length);
        r.put(0, pattern, 0, pattern.length);
        r.copy(0, 4099, length); // forward overlap: back to front
        assertArrayEquals(pattern, read(4099, length));
        r.copy(4099, 1, length); // backward overlap: front to back
        assertArrayEquals(pattern, read(1, length));

        r.fill(3, MIB - 6, (byte) 0x7F);
        assertEquals(pattern[1], r.getByte(2)); // the second copy put pattern at 1
        assertEquals(0x7F, r.getByte(3));
        assertEquals(0x7F, r.getByte(MIB - 4));
        assertEquals(0, r.getByte(MIB - 3));
    }

    @Test
    void copiesLargerThanAChunkKeepMemmoveSemantics() {
        long size = 5L * MIB + 4096;
        try (Reservation a = backend.reserve(size); Reservation b = backend.reserve(size)) {
            a.commit(0, size);
            b.commit(0, size);
            long[] values = new Random(3).longs(size / 8).toArray();
            a.put(0, values, 0, values.length);
            a.copyTo(0, b, 0, size);
            assertArrayEquals(values, readLongs(b, 0, values.length));

            a.copy(0, 8, size - 8); // overlapping, destination ahead: chunks must go back to front
            assertArrayEquals(Arrays.copyOf(values, values.length - 1), readLongs(a, 8, values.length - 1));
            a.copy(8, 0, size - 8); // overlapping, destination behind: front to back
            assertArrayEquals(Arrays.copyOf(values, values.length - 1), readLongs(a, 0, values.length - 1));

            a.fill(1, size - 2, (byte) 0x11);
            assertEquals(0x1111_1111_1111_1111L, a.getLong(4 * MIB + 3));
            assertEquals((byte) values[0], a.getByte(0));
            assertEquals((byte) (values[values.length - 2] >>> 56), a.getByte(size - 1)); // left by the first copy
        }
    }

    @Test
    void decommitRefusesAccessAndRecommitReadsZeros() {
        long page = backend.pageSize();
        r.fill(0, MIB, (byte) 1);
        r.decommit(page, 4 * page);
        assertEquals(MIB - 4 * page, r.committedBytes());
        assertThrows(PageAccessException.class, () -> r.getInt(page));
        assertThrows(PageAccessException.class, () -> r.putLong(page - 4, 1));
        assertThrows(PageAccessException.class, () -> r.get(0, new byte[(int) page + 1], 0, (int) page + 1));
        r.commit(page, 4 * page);
        assertEquals(0, r.getLong(page));
        assertEquals(0, r.getLong(5 * page - 8));
        assertEquals(1, r.getByte(page - 1));
        assertEquals(1, r.getByte(5 * page));
    }

    @Test
    void releaseIsSeenHereAndOnOtherThreads() throws InterruptedException {
        r.putInt(0, 1);
        Thread releaser = new Thread(r::release);
        releaser.start();
        releaser.join();
        assertTrue(r.isReleased());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.getInt(0));
        assertTrue(e.getMessage().contains("released"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> r.put(0, ByteBuffer.allocate(4)));
        assertThrows(IllegalStateException.class, () -> r.fill(0, 1, (byte) 0));

        Reservation other = backend.reserve(MIB);
        other.commit(0, MIB);
        other.release();
        assertThrows(IllegalStateException.class, () -> other.putLong(8, 1));
    }

    @Test
    void theUnsafeInstanceIsNotPartOfAnyApi() {
        for (Class<?> type : new Class<?>[]{UnsafeBackendProvider.class, UnsafeBackend.class,
                UnsafeReservation.class}) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Method m : c.getDeclaredMethods()) {
                    if (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers())) {
                        assertFalse(mentionsUnsafe(m.getReturnType()) || Arrays.stream(m.getParameterTypes())
                                .anyMatch(UnsafeBackendSmokeTest::mentionsUnsafe), m.toString());
                    }
                }
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isPublic(f.getModifiers()) || Modifier.isProtected(f.getModifiers())) {
                        assertFalse(mentionsUnsafe(f.getType()), f.toString());
                    }
                }
            }
        }
        assertFalse(Modifier.isPublic(UnsafeAccess.class.getModifiers()));
    }

    @Test
    void runsOnTheJdkThisExecutionPromises() {
        String expected = System.getProperty("mmsb.expectedJdk");
        if (expected != null) {
            assertEquals(Integer.parseInt(expected), Runtime.version().feature());
        }
    }

    private static boolean mentionsUnsafe(Class<?> type) {
        return type.getName().equals("sun.misc.Unsafe") || type.getName().equals("jdk.internal.misc.Unsafe");
    }

    private byte[] read(long offset, long length) {
        byte[] bytes = new byte[(int) length];
        r.get(offset, bytes, 0, bytes.length);
        return bytes;
    }

    private static long[] readLongs(Reservation from, long offset, int count) {
        long[] longs = new long[count];
        from.get(offset, longs, 0, count);
        return longs;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
