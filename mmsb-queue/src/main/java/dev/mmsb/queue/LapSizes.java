package dev.mmsb.queue;

/**
 * The lap sizes a {@link Ring} may have, and the thresholds that move it between them. A lap is a committed prefix
 * {@code [0, lap)} of the reservation: {@link #min}, then doublings of it, capped at {@link #max}, the whole
 * reservation. Doubling (not adding) makes growth, and the element moves it may need, amortised O(1).
 *
 * <p>The ring grows when its lap is full: to {@link #firstChoice}, the floor at once from a lap below it (so a queue
 * within its slack grows once in its life), else one step; and it shrinks while the live bytes are less than a
 * quarter of the lap and the lap is above {@link #floor}. The gap between "full" and "a quarter" is the hysteresis: after a step either
 * way at least a quarter of a lap of operations passes before the next one, so a queue whose size stays within a
 * factor of two never pages. Hence, after every operation:
 * <pre>{@code committed == lap <= max(floor, 4 * liveBytes),   floor <= max(min, slack rounded up to pages)}</pre>
 */
final class LapSizes {
    /** Smallest lap: four elements at least (so that halving a lap always keeps room), one page at least. */
    final long min;
    /** Largest lap: the whole reservation. */
    final long max;
    /** The lap an empty queue keeps: the largest lap within {@code max(min, slack)}. */
    final long floor;
    private final long es;
    /** The lap below {@link #max}: where a ring at the whole reservation shrinks to. */
    private final long belowMax;

    LapSizes(long pageSize, int elementSize, long reservedBytes, long slackBytes) {
        es = elementSize;
        max = reservedBytes;
        long four = 4L * elementSize;
        min = Math.min(max, Math.max(pageSize, (four + pageSize - 1) / pageSize * pageSize));
        long slack = slackBytes > max ? max : (slackBytes + pageSize - 1) / pageSize * pageSize;
        long keep = Math.max(min, slack);
        long f = min;
        while (grown(f) != f && grown(f) <= keep) {
            f = grown(f);
        }
        floor = f;
        long b = min;
        while (b <= (max - 1) / 2) {
            b *= 2;
        }
        belowMax = b < max ? b : min;
    }

    /** The next lap up ({@link #min} from nothing); {@code max} stays {@code max}. */
    long grown(long lap) {
        if (lap == 0) {
            return min;
        }
        return lap > max / 2 ? max : lap * 2;
    }

    /**
     * The lap a full ring of {@code lap} bytes asks for first: the floor if the lap is below it (a new queue's, or one
     * trimmed for the budget), which an empty queue keeps anyway; otherwise {@link #grown}. If the commit budget
     * refuses it, the ring falls back to {@link #grown}.
     */
    long firstChoice(long lap) {
        return lap < floor ? floor : grown(lap);
    }

    /** The next lap down; the inverse of {@link #grown}. */
    long shrunk(long lap) {
        return lap == max ? belowMax : lap / 2;
    }

    /** Slots a lap of {@code lap} bytes holds; the bytes after the last one (fewer than an element) stay unused. */
    long slotsIn(long lap) {
        return lap / es;
    }

    /** Whether a ring with {@code size} elements in a lap of {@code lap} bytes must shrink. */
    boolean mustShrink(long lap, long size) {
        return lap > floor && 4 * size * es < lap;
    }

    /** The size below which {@link #mustShrink} holds: 0 for laps at or under the floor. */
    long shrinkBelow(long lap) {
        if (lap <= floor) {
            return 0;
        }
        long quarter = 4 * es;
        return (lap + quarter - 1) / quarter;
    }

    @Override
    public String toString() {
        return "laps[min=" + min + ", floor=" + floor + ", max=" + max + "]";
    }
}
