/**
 * The Unsafe backend (JDK 17+): {@code sun.misc.Unsafe} from {@code jdk.unsupported} for memory access, JNA for the
 * syscalls. Found through {@code Backends}, exports nothing.
 */
module dev.mmsb.backend.unsafe {
    requires dev.mmsb.api;
    requires jdk.unsupported;
    requires com.sun.jna;

    provides dev.mmsb.memory.spi.BackendProvider with dev.mmsb.backend.unsafe.UnsafeBackendProvider;
}
