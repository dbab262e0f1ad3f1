package org.fleetstreams.time;

import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link ReadingsInOrder} does when no record comes and the broker holds nothing more of either input. When the
 * inputs stop (the end of a replay, a fleet going quiet), the last records of the faster input would wait for the
 * other one for ever: after the stop time they go on (the stop rule). A pause (a rebalance, a slow fetch, a stalled
 * thread) is not a stop: the broker then still holds records of this task, and they may belong before what is held.
 * Once all is let go and the inputs have stopped for the missing-record wait, the readers that wait for a ride's own
 * later records are told, at each look, how long the inputs have stopped ({@link ReadingsStopped}); after
 * the both-idle time the clocks are told ({@link InputsIdle}).
 */
final class InputsStopped {

    private static final Logger LOG = LoggerFactory.getLogger(InputsStopped.class);
    private static final String NAME = ReadingsInOrder.NAME;

    private final long stoppedMs;
    private final long bothIdleMs;
    private final long missingWaitMs;
    private final List<String> clockReaders;
    private final List<String> stopReaders;
    private final MergedInput locations;
    private final MergedInput accelerations;
    private ProcessorContext<String, Object> context;
    private HeldQueue held;
    private Consumer<Record<String, Object>> forward;
    private boolean exactlyOnce;
    /** The clock readers were told that both inputs are idle, and no record has come since. */
    private boolean idleTold;
    /** The stop rule said why it holds records back; no record has come since. */
    private boolean missingTold;

    /**
     * @param stoppedMs    after this long without any record, both inputs read to their end, what is held goes on
     * @param bothIdleMs   after this long, the clock readers are told that both inputs are idle
     * @param missingWaitMs how long after the stop what a missing record belongs before waits for it
     * @param clockReaders the merge's children with an {@link EventClock}
     * @param stopReaders  the merge's children told when the inputs have stopped for {@code missingWaitMs}
     *                     ({@link ReadingsStopped})
     */
    InputsStopped(long stoppedMs, long bothIdleMs, long missingWaitMs, List<String> clockReaders,
                  List<String> stopReaders, MergedInput locations, MergedInput accelerations) {
        this.stoppedMs = stoppedMs;
        this.bothIdleMs = bothIdleMs;
        this.missingWaitMs = missingWaitMs;
        this.clockReaders = List.copyOf(clockReaders);
        this.stopReaders = List.copyOf(stopReaders);
        this.locations = locations;
        this.accelerations = accelerations;
    }

    /** @param forward where a released record goes: the merge's children ({@link MergeReaders}) */
    void start(ProcessorContext<String, Object> context, HeldQueue held, Consumer<Record<String, Object>> forward,
               boolean exactlyOnce) {
        this.context = context;
        this.held = held;
        this.forward = forward;
        this.exactlyOnce = exactlyOnce;
        idleTold = false;
        missingTold = false;
    }

    /** A record came. */
    void delivered() {
        idleTold = false;
        missingTold = false;
    }

    /**
     * At a wall-clock punctuation.
     *
     * @param lastDelivery when the last record came
     * @param readToEnd    the broker held nothing more of either input at a look begun after that
     */
    void check(long wall, long lastDelivery, boolean readToEnd) {
        if (!readToEnd) {
            return;
        }
        if (wall - lastDelivery >= stoppedMs) {
            if (held.isEmpty()) {
                // Nothing waits for a missing record now; a claim left open (its record let go by the idle rule, or a
                // claim too high after a failed send) must not hold the records of a later stop
                locations.claims.reset();
                accelerations.claims.reset();
            } else {
                release(wall, lastDelivery);
            }
            // Not while a record the producer sent and the broker lacks holds what follows (it may be the ride's), and
            // not before the producer has been gone as long as such a record is waited for: a producer that stalls (a
            // replayer killed and resumed, a leader moving) leaves the broker with nothing more too, and a brake
            // decided during its pause would differ from the uninterrupted run's.
            if (held.isEmpty() && wall - lastDelivery >= missingWaitMs) {
                tellStopped(wall - lastDelivery);
            }
        }
        if (!idleTold && held.isEmpty() && wall - lastDelivery >= bothIdleMs) {
            tellInputsIdle();
        }
    }

    /**
     * The inputs stopped: no record for the stop time, and the broker holds nothing more of either. Everything held goes
     * on, but what a record the producer sent and the log lacks belongs before ({@link SentClaims}: a producer that
     * died between two sends): that waits for it (the replayer's {@code --resume} writes it), for at most
     * {@code missingWaitMs} after the stop ({@link TimePolicy#missingRecordWait()}); the clocks are not told that
     * both inputs are idle meanwhile, since something is held.
     */
    private void release(long wall, long lastDelivery) {
        long missingFrom = Math.min(locations.claims.firstOpen(), accelerations.claims.firstOpen());
        int before = held.times();
        if (missingFrom == Long.MAX_VALUE || wall - lastDelivery >= missingWaitMs) {
            if (missingFrom != Long.MAX_VALUE) {
                LOG.warn("{} task {}: the records the producer sent before {} ({}) never came; what waited for them goes"
                        + " on after {} ms", NAME, context.taskId(), missingFrom, missing(), wall - lastDelivery);
                locations.claims.reset();
                accelerations.claims.reset();
            }
            LOG.debug("{} task {}: inputs stopped {} ms ago, releasing all {} held times (locations at {},"
                    + " accelerations at {})", NAME, context.taskId(), wall - lastDelivery, held.times(), locations.mark,
                    accelerations.mark);
            held.release(Long.MAX_VALUE, Long.MAX_VALUE, forward);
        } else {
            if (!missingTold) {
                missingTold = true;
                LOG.info("{} task {}: the inputs stopped, but the producer sent records before {} that the broker does"
                        + " not have ({}): a producer that died mid-send? What came after them waits for them for up to"
                        + " {} ms (the replayer's --resume writes them)", NAME, context.taskId(), missingFrom, missing(),
                        missingWaitMs);
            }
            held.release(missingFrom - 1, missingFrom - 1, forward);
        }
        if (exactlyOnce && held.times() != before) {
            // What that released (pairs, alerts, late dead letters) is read only once committed; no record asks for
            // that commit now (they have stopped), so without this it waited for the 1 s interval.
            context.commit();
        }
    }

    private String missing() {
        return locations.topic + " up to " + locations.claims.firstOpenOffset() + ", " + accelerations.topic + " up to "
                + accelerations.claims.firstOpenOffset();
    }

    /**
     * The inputs stopped {@code forMs} ago, at least the missing-record wait ({@link TimePolicy#missingRecordWait()}, a
     * minute), and all held went on ({@link ReadingsStopped}): at each look from then on.
     */
    private void tellStopped(long forMs) {
        long at = Math.max(0, Math.max(locations.mark, accelerations.mark));
        for (String reader : stopReaders) {
            context.forward(new Record<String, Object>(null, new ReadingsStopped(forMs), at), reader);
        }
    }

    /**
     * Both inputs delivered nothing for {@code bothIdleMs} ({@link TimePolicy#bothInputsIdle()}) and the broker holds
     * nothing more of either: the clocks may leave an input that is behind, or never delivered, as they do for one
     * that went quiet while the other went on. Once per silence; what it closes (final windows) is committed at once
     * under exactly-once, as above.
     */
    private void tellInputsIdle() {
        idleTold = true;
        // Even with no marks here: a task restarted after its last record starts without them, while the readers'
        // clocks come back from their stores with theirs (a clock that has seen nothing ignores it:
        // EventClock#inputsIdle).
        long at = Math.max(0, Math.max(locations.mark, accelerations.mark));
        for (String reader : clockReaders) {
            context.forward(new Record<String, Object>(null, InputsIdle.INSTANCE, at), reader);
        }
        if (exactlyOnce && !clockReaders.isEmpty()) {
            context.commit();
        }
    }
}
