package dev.mmsb.page;

/**
 * A snapshot of a {@link PageAllocator}.
 *
 * @param pages          live pages
 * @param reservedBytes  address space the live pages hold
 * @param committedBytes memory the live pages hold (committed or protected)
 */
public record PageStats(long pages, long reservedBytes, long committedBytes) {
}
