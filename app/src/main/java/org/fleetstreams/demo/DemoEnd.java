package org.fleetstreams.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import org.fleetstreams.app.StreamsRunner;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.KafkaSetupException;
import org.fleetstreams.pipeline.LocalPipeline;
import org.fleetstreams.replay.ReplayJob;

/**
 * The end of a demo run, once the replay has returned: the closing records when the replay ended well, the wait for
 * the app's last outputs, then the final frame, the replayer's summary, what went wrong, and the per-ride table.
 * {@link DemoRun} runs up to the end of the replay.
 */
final class DemoEnd {

    /** What the replay left: its progress (null if it never started), exit code, summary and error lines. */
    record Replayed(ReplayJob.Progress progress, int code, String out, String err, String lagSummary) {

        boolean failed() {
            return code != ReplayJob.OK;
        }

        boolean published() {
            return progress != null && progress.stats().records() > 0;
        }
    }

    /** How often the waits look at the app's lag: each look is an admin request, cheap on a local broker. */
    private static final long LOOK_MS = 100;
    /** How often the drain looks at the app's lag and the tally (it redraws the view each time). */
    private static final long DRAIN_LOOK_MS = 300;

    private final LocalPipeline pipeline;
    private final PrintStream out;
    private final BooleanSupplier stopRequested;
    private final LiveView view;
    private final OutputTally tally;
    private final String applicationId;
    /** How long the app may take, after the replay, to commit everything before the table shows what there is. */
    private final Duration wait;
    /** Why the drain ended without knowing whether the app had caught up (Kafka failed a look), or null. */
    private String drainFailure;

    DemoEnd(LocalPipeline pipeline, PrintStream out, BooleanSupplier stopRequested, LiveView view, OutputTally tally,
            Duration wait) {
        this.pipeline = pipeline;
        this.out = out;
        this.stopRequested = stopRequested;
        this.view = view;
        this.tally = tally;
        this.applicationId = pipeline.appConfig().applicationId();
        this.wait = wait;
    }

    /** Returns the exit code. */
    int finish(Replayed replay, StreamsRunner app, boolean keepRunning, long windowMillis) throws InterruptedException {
        boolean stopped = stopRequested.getAsBoolean();
        if (!replay.failed() && !stopped && !replay.published()) {
            // Every row skipped as bad: no event time to close the windows at (Kafka refuses the closing
            // records' Long.MIN_VALUE + lead), and no ride to tabulate. The replayer's summary says why.
            view.renderFinal(replay.progress(), tally, "nothing replayed");
            printSummary(replay);
            System.err.println("error: the replay published no records: every row of the data set was skipped as"
                    + " bad (the replayer's summary above counts them by reason); no table");
            return 2;
        }
        if (replay.failed() && !replay.published() && !stopped) {
            // Refused before it sent anything (a compacted input topic, a broker that went away): the replayer's
            // error is the whole story, with its own code; no windows, no table.
            view.renderFinal(replay.progress(), tally, "replay failed");
            printSummary(replay);
            System.err.print(replay.err());
            return replay.code() == ReplayJob.BAD_INPUT || replay.code() == ReplayJob.KAFKA_PROBLEM ? replay.code() : 1;
        }
        String notClosed = null;
        // Whether the closing records went out: a stop after them leaves the last windows being written, not open.
        boolean closing = false;
        // A failed replay gets no closing records: they would close its windows as if its data had ended there, and
        // the table would pass for a whole one. Without them the app still writes every window the data closed.
        if (!replay.failed() && !stopped) {
            // Every window closes at the closing records' lead after the data, once the app has taken every record.
            // The wait is the demo's own (not ClosingRecords.sendWhenCaughtUp's) so that Ctrl-C ends it at once
            // and the view goes on showing the app's progress meanwhile.
            // One admin client for the whole wait (a look every 100 ms); a look Kafka fails ends the wait as not
            // closed, with the table and its warning, like a refused closing record. An app that stops ends it too:
            // its lag would never fall, and the wait would run its 120 s before the check below named the failure.
            try (LocalPipeline.LagReader lag = pipeline.lagReader(applicationId)) {
                CatchUp caughtUp = awaitCaughtUp(lag, stopRequested, app::isDown,
                        () -> view.render(replay.progress(), tally, "app catching up"), wait);
                if (caughtUp == CatchUp.CAUGHT_UP) {
                    pipeline.closeWindows(replay.progress().stats().maxEventTime() + ClosingRecords.LEAD.toMillis());
                    closing = true;
                } else if (caughtUp == CatchUp.TIMED_OUT) {
                    notClosed = "the app still had " + lag.getAsLong() + " input records to take "
                            + wait.toSeconds() + " s after the replay";
                }
            } catch (KafkaSetupException e) {
                notClosed = e.getMessage(); // the table shows what the app wrote, and says why below
            }
        }
        if (app.isDown()) {
            return DemoRun.appStopped(app);
        }
        boolean drained = notClosed == null && drain(replay.progress(), app);
        if (!drained && app.isDown()) {
            // Stopped while the demo waited for its last outputs: its failure, as above, rather than a 120 s wait
            // ending in a partial table and a warning that blames its pace.
            return DemoRun.appStopped(app);
        }
        view.renderFinal(replay.progress(), tally, replay.failed() ? "replay failed" : drained ? "done" : "stopped");
        printSummary(replay);
        if (replay.failed()) {
            System.err.print(replay.err()); // the cause first, then what the table is
            out.println("warning: the replay failed part-way (the error above), so the last windows were not closed:"
                    + " the table is partial, the windows the app closed before the data stopped");
        } else if (notClosed != null) {
            out.println("warning: the last windows were not closed (" + notClosed + "); the table shows what the app"
                    + " wrote so far");
        } else if (!drained && drainFailure != null) {
            out.println("warning: the app's progress could not be read (" + drainFailure + "); the table shows what it"
                    + " wrote so far");
        } else if (!drained && !stopRequested.getAsBoolean()) {
            out.println("warning: the app had not caught up after " + wait.toSeconds() + " s; the table shows what it"
                    + " wrote so far");
        } else if (!drained && !keepRunning) {
            out.println(stopNote(closing));
        }
        // A table cut short other than on request is no "done": the app fell behind or Kafka failed (exit 1).
        int code = replay.failed() || !drained && !stopRequested.getAsBoolean() ? 1 : 0;
        if (keepRunning) { // every pass's rides under the same ids: a table of them would add the passes up
            return code;
        }
        out.println();
        out.print(RideTable.format(RideTable.rows(
                tally.summaries().stream().filter(x -> !ClosingRecords.isClosing(x.rideId())).toList(),
                tally.alerts().stream().filter(x -> !ClosingRecords.isClosing(x.rideId())).toList(),
                windowMillis)));
        return code;
    }

    /**
     * The note under a table cut short by Ctrl-C. Before the closing records the last windows are still open; after
     * them they are closed and the app is writing them, so the table may lack some (it said "not closed" then too).
     */
    static String stopNote(boolean closingRecordsSent) {
        return closingRecordsSent
                ? "note: stopped on request while the app was writing the last windows (the closing records were sent):"
                        + " the table shows what was read of them so far"
                : "note: stopped on request, so the last windows were not closed: the table shows the windows closed"
                        + " so far";
    }

    /** How a wait for the app (to take every input record, or to have its last outputs read) ended. */
    enum CatchUp { CAUGHT_UP, STOPPED, APP_DOWN, TIMED_OUT }

    /**
     * Waits until {@code lag} is 0, drawing a {@code frame} between looks; gives up as soon as {@code stop} turns
     * true (Ctrl-C) or {@code appDown} does (the app stopped: nothing will take the records), or when {@code wait}
     * has passed.
     */
    static CatchUp awaitCaughtUp(LongSupplier lag, BooleanSupplier stop, BooleanSupplier appDown, Runnable frame,
            Duration wait) throws InterruptedException {
        return await(() -> lag.getAsLong() == 0, stop, appDown, frame, wait, LOOK_MS);
    }

    /**
     * The loop both waits share: until {@code done}, drawing a {@code frame} between looks at it, one every
     * {@code lookMs}; gives up as soon as {@code stop} (Ctrl-C) or {@code appDown} (nothing will finish) turns true,
     * or when {@code wait} has passed.
     */
    private static CatchUp await(BooleanSupplier done, BooleanSupplier stop, BooleanSupplier appDown, Runnable frame,
            Duration wait, long lookMs) throws InterruptedException {
        long start = System.nanoTime();
        while (!stop.getAsBoolean()) {
            if (appDown.getAsBoolean()) {
                return CatchUp.APP_DOWN;
            }
            if (done.getAsBoolean()) {
                return CatchUp.CAUGHT_UP;
            }
            if (System.nanoTime() - start >= wait.toNanos()) {
                return CatchUp.TIMED_OUT;
            }
            frame.run();
            Thread.sleep(lookMs);
        }
        return CatchUp.STOPPED;
    }

    private void printSummary(Replayed replay) {
        out.println();
        out.print(replay.out());
        if (!replay.lagSummary().isEmpty()) {
            out.println(replay.lagSummary());
        }
    }

    /**
     * Done when the app has committed every input record and, after that, the tally has read every output partition
     * to its end (in that order: the app's last transaction holds the last outputs). False when it was not; the
     * caller tells a stopped app by its state.
     */
    private boolean drain(ReplayJob.Progress progress, StreamsRunner app) throws InterruptedException {
        try (LocalPipeline.LagReader lag = pipeline.lagReader(applicationId)) {
            return awaitDrained(lag, tally::caughtUpSince, stopRequested, app::isDown,
                    () -> view.render(progress, tally, "app finishing"), wait) == CatchUp.CAUGHT_UP;
        } catch (KafkaSetupException e) {
            drainFailure = e.getMessage(); // not drained: the table shows what was read, and says why
        }
        return false;
    }

    /**
     * Waits until {@code lag} is 0 and then until {@code readToEndSince} holds for the moment it was first seen so,
     * drawing a {@code frame} at each look; gives up as soon as {@code stop} or {@code appDown} turns true, or when
     * {@code wait} has passed. Before, an app that stopped here cost the whole wait and a warning about its pace.
     */
    static CatchUp awaitDrained(LongSupplier lag, LongPredicate readToEndSince, BooleanSupplier stop,
            BooleanSupplier appDown, Runnable frame, Duration wait) throws InterruptedException {
        long[] appDoneAt = {0};
        return await(() -> {
            if (appDoneAt[0] == 0 && lag.getAsLong() == 0) {
                appDoneAt[0] = System.nanoTime();
            }
            return appDoneAt[0] != 0 && readToEndSince.test(appDoneAt[0]);
        }, stop, appDown, frame, wait, DRAIN_LOOK_MS);
    }
}
