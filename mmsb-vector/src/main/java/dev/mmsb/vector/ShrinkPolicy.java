package dev.mmsb.vector;

/**
 * When a vector gives committed memory back to the OS after elements are removed.
 *
 * <p>After a removal (pop, remove, clear) leaves {@code length < shrinkBelow × capacity}, the vector decommits down to
 * {@code max(2 × length, floor)} elements, rounded up to whole pages. If the length is even below
 * {@code releaseBelow × capacity}, it keeps no headroom: only the pages that its elements and one more element occupy,
 * or the floor. The floor is the larger of the initial capacity and one page; only {@code trimToSize()} and
 * {@code close()} go below it.
 *
 * <p>Hysteresis: growth at least doubles the committed size and a shrink leaves at least twice the length committed,
 * so an alternating push/pop sequence around any length commits or decommits at most once in total, and a monotone
 * sequence commits or decommits at most once per doubling or halving of the length. That is why
 * {@code shrinkBelow} may not exceed {@value #MAX_THRESHOLD}: with more, a shrink could follow right after a growth.
 *
 * @param shrinkBelow  fraction of the capacity below which the length triggers a shrink; 0 never shrinks
 * @param releaseBelow fraction below which the shrink keeps no headroom; 0 disables that tier
 */
public record ShrinkPolicy(double shrinkBelow, double releaseBelow) {
    /** The largest {@link #shrinkBelow()} that keeps the hysteresis guarantee. */
    public static final double MAX_THRESHOLD = 0.25;

    /** The defaults: shrink below 25 % of the capacity, keep no headroom below 12.5 %. */
    public static final ShrinkPolicy DEFAULT = new ShrinkPolicy(0.25, 0.125);

    /** Never decommits on removals; capacity only grows until {@code trimToSize()} or {@code close()}. */
    public static final ShrinkPolicy NEVER = new ShrinkPolicy(0, 0);

    /**
     * A policy with these thresholds.
     *
     * @param shrinkBelow  fraction of the capacity below which the length triggers a shrink; 0 never shrinks
     * @param releaseBelow fraction below which the shrink keeps no headroom; 0 disables that tier
     * @throws IllegalArgumentException unless {@code 0 <= releaseBelow <= shrinkBelow <= 0.25}
     */
    public ShrinkPolicy {
        if (!(shrinkBelow >= 0 && shrinkBelow <= MAX_THRESHOLD && releaseBelow >= 0 && releaseBelow <= shrinkBelow)) {
            throw new IllegalArgumentException("ShrinkPolicy: shrinkBelow=" + shrinkBelow + " releaseBelow="
                    + releaseBelow + " must satisfy 0 <= releaseBelow <= shrinkBelow <= " + MAX_THRESHOLD);
        }
    }

    /**
     * Same as the canonical constructor.
     *
     * @param shrinkBelow  fraction of the capacity below which the length triggers a shrink; 0 never shrinks
     * @param releaseBelow fraction below which the shrink keeps no headroom; 0 disables that tier
     * @return the policy
     */
    public static ShrinkPolicy of(double shrinkBelow, double releaseBelow) {
        return new ShrinkPolicy(shrinkBelow, releaseBelow);
    }

    /** {@return whether removals ever decommit.} */
    public boolean shrinks() {
        return shrinkBelow > 0;
    }

    /** The smallest length that does not trigger a shrink at this capacity: {@code ceil(capacity × shrinkBelow)}. */
    long shrinkAt(long capacity) {
        return (long) Math.ceil(capacity * shrinkBelow);
    }

    /** The smallest length that keeps headroom when shrinking at this capacity. */
    long releaseAt(long capacity) {
        return (long) Math.ceil(capacity * releaseBelow);
    }
}
