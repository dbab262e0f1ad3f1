package org.fleetstreams.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link WriteAtCommitStore}s with writes pending on one stream thread, whichever task each belongs to: the first
 * of them that a commit reaches writes them all.
 *
 * <p>Why: Kafka Streams prepares a commit task by task, and each task's turn ends in a flush of the thread's one
 * producer ({@code StreamTask.prepareCommit}: the task's stores' caches, then {@code RecordCollector.flush}), which
 * waits until every record sent so far is acknowledged. A store that wrote only its own task's changes sent them after
 * the previous task's flush had returned, so a commit of four tasks waited for four round trips to the broker, one
 * after the other (3-12 ms each on this project's machine while live, a commit every 100 ms: docs/benchmarks.md).
 * Written together, they go in the first flush, and the later tasks' flushes find nothing in flight.
 *
 * <p>Exactly-once holds: under {@code exactly_once_v2} the thread's tasks share one producer and one transaction, and
 * Kafka Streams commits in it every task that processed anything since the last commit (a store with writes pending
 * belongs to one). A task whose writes went early commits them with its offsets; if the transaction is aborted
 * instead (a fenced producer, a lost group, a timed-out commit), Kafka Streams closes every task of the thread with
 * uncommitted work dirty and rebuilds it from its changelog, as before. At-least-once commits every task of the
 * thread together too.
 */
final class PendingOnThread {

    private static final ThreadLocal<List<WriteAtCommitStore<?, ?>>> STORES = ThreadLocal.withInitial(ArrayList::new);

    private PendingOnThread() {
    }

    /** {@code store} has its first write pending since its last commit, on the calling thread. */
    static void add(WriteAtCommitStore<?, ?> store) {
        STORES.get().add(store);
    }

    /** Writes what every store listed on the calling thread has pending. */
    static void writeAll() {
        List<WriteAtCommitStore<?, ?>> stores = STORES.get();
        if (stores.isEmpty()) {
            return;
        }
        // A copy: a write can fail half-way (the producer fenced), and the stores not yet written must stay listed
        // while their task still runs (the failure closes them, which drops what they had pending). A store can be
        // listed twice (a scan wrote its writes early, then it changed again) or after its task closed: writing it
        // again does nothing.
        List<WriteAtCommitStore<?, ?>> now = new ArrayList<>(stores);
        stores.clear();
        for (int i = 0; i < now.size(); i++) {
            try {
                now.get(i).writePending();
            } catch (RuntimeException e) {
                stores.addAll(now.subList(i + 1, now.size()));
                throw e;
            }
        }
    }
}
