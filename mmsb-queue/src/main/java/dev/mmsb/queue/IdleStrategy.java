package dev.mmsb.queue;

import java.util.concurrent.locks.LockSupport;

/**
 * What a blocking operation of an SPSC queue does between two attempts that found the queue full or empty, in the
 * style of Agrona's idle strategies. Implementations must not allocate and must be safe to share between threads;
 * the ones here are stateless: the attempt number tells them how long the wait has been.
 */
@FunctionalInterface
public interface IdleStrategy {

    /**
     * Waits a little.
     *
     * @param attempt how many attempts in a row have failed, from 1
     */
    void idle(int attempt);

    /**
     * Spins ({@link Thread#onSpinWait()}): lowest latency, burns a core.
     *
     * @return the strategy, stateless
     */
    static IdleStrategy spin() {
        return attempt -> Thread.onSpinWait();
    }

    /**
     * Yields the core ({@link Thread#yield()}).
     *
     * @return the strategy, stateless
     */
    static IdleStrategy yielding() {
        return attempt -> Thread.yield();
    }

    /**
     * Parks for {@code nanos} ({@link LockSupport#parkNanos(long)}): lowest CPU use, latency of the OS timer.
     *
     * @param nanos the park time per attempt, in nanoseconds
     * @return the strategy, stateless
     * @throws IllegalArgumentException if {@code nanos} is not positive
     */
    static IdleStrategy park(long nanos) {
        if (nanos <= 0) {
            throw new IllegalArgumentException("nanos=" + nanos + " must be positive");
        }
        return attempt -> LockSupport.parkNanos(nanos);
    }

    /**
     * Spins {@code spins} attempts, then yields {@code yields} attempts, then parks {@code parkNanos} per attempt, like
     * Agrona's {@code BackoffIdleStrategy}.
     *
     * @param spins     the attempts that spin, from the first
     * @param yields    the attempts after those that yield
     * @param parkNanos the park time per later attempt, in nanoseconds
     * @return the strategy, stateless
     * @throws IllegalArgumentException if a count is negative or {@code parkNanos} not positive
     */
    static IdleStrategy backoff(int spins, int yields, long parkNanos) {
        if (spins < 0 || yields < 0 || parkNanos <= 0) {
            throw new IllegalArgumentException("spins=" + spins + ", yields=" + yields + ", parkNanos=" + parkNanos
                    + ": counts must not be negative and parkNanos must be positive");
        }
        return attempt -> {
            if (attempt <= spins) {
                Thread.onSpinWait();
            } else if (attempt <= spins + yields) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(parkNanos);
            }
        };
    }
}
