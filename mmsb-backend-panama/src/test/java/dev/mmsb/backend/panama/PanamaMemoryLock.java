package dev.mmsb.backend.panama;

import dev.mmsb.testing.MemoryLock;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code mlock}/{@code munlock} as downcalls that capture errno, as {@link LinuxSyscalls} makes the paging calls. */
final class PanamaMemoryLock implements MemoryLock {
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle MLOCK = downcall("mlock");
    private static final MethodHandle MUNLOCK = downcall("munlock");

    @SuppressWarnings("restricted")
    private static MethodHandle downcall(String name) {
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = linker.defaultLookup().find(name).orElseThrow();
        return linker.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG),
                Linker.Option.captureCallState("errno"));
    }

    @Override
    public int lock(long address, long length) {
        return call(MLOCK, address, length);
    }

    @Override
    public int unlock(long address, long length) {
        return call(MUNLOCK, address, length);
    }

    private static int call(MethodHandle function, long address, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            int result = (int) function.invokeExact(capture, MemorySegment.ofAddress(address), length);
            return result == 0 ? 0 : (int) ERRNO.get(capture, 0L);
        } catch (Throwable t) {
            throw new AssertionError("mlock/munlock downcall failed", t);
        }
    }
}
