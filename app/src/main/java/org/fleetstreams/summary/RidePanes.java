package org.fleetstreams.summary;

import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * One ride's panes by start, as {@link SummaryProcessor} keeps them, and the pane the ride's last record went to: at
 * 50 Hz nearly every record goes to the same pane as the one before, so the tree is walked once per pane, not per
 * record.
 */
final class RidePanes {

    /** Read-only outside this class: a pane leaves only through {@link #removeObsolete}, which marks it. */
    final TreeMap<Long, Pane> panes = new TreeMap<>();
    private long lastStart;
    private Pane last;

    /** The pane starting at {@code start}, made if new. */
    Pane pane(long start) {
        if (last == null || last.gone || lastStart != start) {
            last = panes.computeIfAbsent(start, s -> new Pane());
            lastStart = start;
        }
        return last;
    }

    /** Removes each pane whose start is {@code obsolete}, handing it to {@code removed} first; true if none is left. */
    boolean removeObsolete(LongPredicate obsolete, Consumer<Pane> removed) {
        panes.entrySet().removeIf(e -> {
            if (!obsolete.test(e.getKey())) {
                return false;
            }
            removed.accept(e.getValue());
            e.getValue().gone = true;
            return true;
        });
        return panes.isEmpty();
    }
}
