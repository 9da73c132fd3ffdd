package dev.mmsb.memory;

import java.util.List;

/**
 * MMSB refused a commit because it would have taken the bytes committed through MMSB, process-wide, past the commit
 * budget ({@link dev.mmsb.memory.limits.MemoryBudget}). Thrown before any syscall and after asking the structures
 * that hold committed but unused memory to give it back: the reservation, and the structure that committed, are
 * exactly as they were.
 *
 * <p>Why MMSB refuses rather than letting the commit through: inside a container the kernel does not fail a commit
 * that passes the memory limit, it kills the process (exit 137) at the first touch, with no exception. A budget below
 * the limit turns that kill into this exception, which a program can catch, shed load on and retry.
 *
 * <p>{@link #errno()} is {@code ENOMEM} (12), what an allocator would answer, so code that handles a failed commit
 * handles this too. Each structure maps it onto its own contract: a vector's {@code push} throws it, a queue's
 * {@code offer} returns false and its {@code add} throws {@link IllegalStateException} with this as the cause.
 */
public class BudgetExceededException extends NativeMemoryException {
    private static final long serialVersionUID = 1L;

    /** The budget in bytes when MMSB refused. */
    private final long budget;
    /** Bytes committed through MMSB, process-wide, when MMSB refused. */
    private final long committed;
    /** Bytes the refused commit would have added. */
    private final long requested;
    /** The largest holders of committed memory, largest first, each "what: bytes"; unmodifiable. */
    private final List<String> holders;

    /**
     * A refusal of {@code operation} on {@code [address, address + length)}; the message names the numbers, the
     * holders and the fixes.
     *
     * @param operation the refused operation, e.g. {@code "commit"}
     * @param address   start address of the range
     * @param length    bytes in the range
     * @param budget    the budget in bytes
     * @param committed bytes committed through MMSB when it refused
     * @param requested bytes the commit would have added
     * @param holders   the largest holders of committed memory, largest first, each "what: bytes"
     */
    public BudgetExceededException(String operation, long address, long length, long budget, long committed,
                                   long requested, List<String> holders) {
        super(message(operation, address, length, budget, committed, requested, holders), operation, address, length,
                MappingLimitException.ENOMEM, "refused by MMSB's commit budget before the syscall", null);
        this.budget = budget;
        this.committed = committed;
        this.requested = requested;
        this.holders = List.copyOf(holders);
    }

    private static String message(String operation, long address, long length, long budget, long committed,
                                  long requested, List<String> holders) {
        StringBuilder text = new StringBuilder(512).append(operation).append(" refused on [0x")
                .append(Long.toHexString(address)).append(", 0x").append(Long.toHexString(address + length))
                .append(") length=").append(length).append(": it would commit ").append(requested)
                .append(" bytes more, on top of the ").append(committed).append(" bytes committed through MMSB, past"
                        + " the commit budget of ").append(budget).append(" bytes (").append(budget >> 20)
                .append(" MiB). Nothing was changed. Largest holders: ");
        if (holders.isEmpty()) {
            text.append("none registered");
        } else {
            for (int i = 0; i < holders.size(); i++) {
                text.append(i == 0 ? "" : ", ").append(holders.get(i));
            }
        }
        return text.append(". Fix: release or shrink structures (close, clear, trimToSize), raise the budget"
                + " (-Dmmsb.budget, MemoryBudget.process().setBudget), or shed load and retry").toString();
    }

    /** {@return the budget in bytes when MMSB refused} */
    public long budget() {
        return budget;
    }

    /** {@return bytes committed through MMSB, process-wide, when MMSB refused} */
    public long committed() {
        return committed;
    }

    /** {@return bytes the refused commit would have added} */
    public long requested() {
        return requested;
    }

    /**
     * {@return the largest holders of committed memory when MMSB refused, largest first ("what: bytes");
     * unmodifiable}
     */
    public List<String> holders() {
        return holders;
    }
}
