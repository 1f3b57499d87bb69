package dev.llfree.crash;

import dev.llfree.core.Geometry;

/**
 * What the recorded operations exercised, so a test can show that the crash images cover reservation
 * changes, steals and every order and kind, not only the fast path. Reservation changes and steals are
 * read from the reservation cells around each operation.
 */
final class Coverage {
    final long[] getsByOrder = new long[Geometry.GIANT_ORDER + 1];
    /** Giant puts (order 18). */
    long giantPuts;
    long fixedGets;
    long hugeKindGets;
    long batchGets;
    /** Batch gets whose runs lie in more than one line (bitfield rows, or child lines for huge runs). */
    long batchGetsOverLines;
    long puts;
    long batchPuts;
    /** Batch puts whose runs lie in more than one line (bitfield rows, or child lines for huge runs). */
    long batchPutsOverLines;
    long noFrame;
    long reservationChanges;
    /** Gets served from the calling cell's own reserved tree (the fast path). */
    long ownReservation;
    /** Gets served from a tree another cell had reserved (taken from its reservation). */
    long steals;
    /** Gets served from an unreserved tree directly, outside the cell's reservation. */
    long directTakes;

    void add(Coverage other) {
        for (int o = 0; o < getsByOrder.length; o++) {
            getsByOrder[o] += other.getsByOrder[o];
        }
        fixedGets += other.fixedGets;
        hugeKindGets += other.hugeKindGets;
        batchGets += other.batchGets;
        batchGetsOverLines += other.batchGetsOverLines;
        puts += other.puts;
        giantPuts += other.giantPuts;
        batchPuts += other.batchPuts;
        batchPutsOverLines += other.batchPutsOverLines;
        noFrame += other.noFrame;
        reservationChanges += other.reservationChanges;
        ownReservation += other.ownReservation;
        steals += other.steals;
        directTakes += other.directTakes;
    }

    @Override
    public String toString() {
        return "gets by order {0: " + getsByOrder[0] + ", 3: " + getsByOrder[3] + ", 9: " + getsByOrder[9] + ", 10: "
            + getsByOrder[10] + ", 18: " + getsByOrder[18] + "}, giant puts " + giantPuts + ", fixed " + fixedGets
            + ", huge kind " + hugeKindGets + ", batch gets " + batchGets + " (over several lines " + batchGetsOverLines
            + "), puts " + puts + " (batches " + batchPuts + ", over several lines " + batchPutsOverLines + "), no frame "
            + noFrame + ", reservation changes " + reservationChanges + ", from own reservation " + ownReservation
            + ", steals " + steals + ", direct takes " + directTakes;
    }
}
