package org.fleetstreams.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.ingest.EventTimes;
import org.fleetstreams.time.TimePolicy;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The app's event-time options ({@link TimePolicy}), in seconds, each checked and named when out of range. */
final class TimeOptions {

    @Option(names = "--join-window", paramLabel = "SECONDS", description = "Join samples and fixes at most this far"
            + " apart in event time (default: " + TimePolicy.JOIN_DIFFERENCE_S + ").")
    Double joinWindowSeconds;

    @Option(names = "--summary-size", paramLabel = "SECONDS",
            description = "Summary window size (default: " + TimePolicy.WINDOW_SIZE_S + ").")
    Double summarySizeSeconds;

    @Option(names = "--summary-advance", paramLabel = "SECONDS",
            description = "Summary window advance (default: " + TimePolicy.WINDOW_ADVANCE_S + ").")
    Double summaryAdvanceSeconds;

    @Option(names = "--tolerated-skew", paramLabel = "SECONDS", description = "How far one input may run ahead of the"
            + " other before the results stop waiting for it; records of an input further behind are dead letters"
            + " 'late' (default: " + TimePolicy.TOLERATED_SKEW_S + ").")
    Double toleratedSkewSeconds;

    @Option(names = "--tolerated-disorder", paramLabel = "SECONDS", description = "How far out of event-time order"
            + " records may be within one input (default: " + TimePolicy.TOLERATED_DISORDER_S + ").")
    Double toleratedDisorderSeconds;

    @Option(names = "--input-idle", paramLabel = "SECONDS", description = "How long one input must be silent, and read"
            + " to its end, while the other delivers before nothing waits for it; keep it above your cluster's leader"
            + " failover time (default: " + TimePolicy.INPUT_IDLE_MS / 1000 + ").")
    Double inputIdleSeconds;

    @Option(names = "--offset-epoch", paramLabel = "ISO-INSTANT", description = "Take each reading's event time from"
            + " its offset field: this instant plus offset seconds (as the replayer's --epoch), not from the record"
            + " timestamp. For producers that publish the data's rows without stamping event times; the offsets must be"
            + " one clock for all rides and both inputs (default: a value's event_time, else the record timestamp).")
    Instant offsetEpoch;

    /**
     * The Streams settings these options make ({@link EventTimes#OFFSET_EPOCH}), each checked and refused naming its
     * option; {@code --config FILE} overrides them.
     */
    Map<String, String> settings(CommandLine commandLine) {
        if (offsetEpoch == null) {
            return Map.of();
        }
        Map<String, String> settings = Map.of(EventTimes.OFFSET_EPOCH, offsetEpoch.toString());
        try {
            EventTimes.offsetEpoch(settings);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--offset-epoch: " + e.getMessage());
        }
        return settings;
    }

    /** The event-time options over the defaults; a value out of range is refused naming its option. */
    TimePolicy policy(CommandLine commandLine) {
        TimePolicy time = TimePolicy.defaults();
        if (joinWindowSeconds != null) {
            time = time.withJoinTimeDifference(seconds(commandLine, "--join-window", joinWindowSeconds, false));
        }
        if (summarySizeSeconds != null || summaryAdvanceSeconds != null) {
            Duration size = summarySizeSeconds == null ? time.windowSize()
                    : seconds(commandLine, "--summary-size", summarySizeSeconds, false);
            Duration advance = summaryAdvanceSeconds == null ? time.windowAdvance()
                    : seconds(commandLine, "--summary-advance", summaryAdvanceSeconds, false);
            if (advance.compareTo(size) > 0) {
                throw new CommandLine.ParameterException(commandLine, "--summary-advance (" + advance.toMillis() / 1000.0
                        + " s) must not be longer than --summary-size (" + size.toMillis() / 1000.0 + " s): records"
                        + " between windows would be in none");
            }
            time = time.withWindows(size, advance);
        }
        if (toleratedSkewSeconds != null) {
            time = time.withToleratedSkew(seconds(commandLine, "--tolerated-skew", toleratedSkewSeconds, true));
        }
        if (toleratedDisorderSeconds != null) {
            time = time.withToleratedDisorder(seconds(commandLine, "--tolerated-disorder", toleratedDisorderSeconds, true));
        }
        if (inputIdleSeconds != null) {
            time = time.withInputIdle(seconds(commandLine, "--input-idle", inputIdleSeconds, true));
        }
        return time;
    }

    /** A window longer than the closing records' lead stays open after a finite replay: said once, at the start. */
    static Optional<String> closingNote(TimePolicy time, BrakingConfig braking) {
        if (time.lastWindowsCloseWithin(ClosingRecords.LEAD, braking.maxEmitDelay())) {
            return Optional.empty();
        }
        return Optional.of("--summary-size " + time.windowSize().toMillis() / 1000.0 + " s plus the windows' "
                + time.summaryGrace(braking.maxEmitDelay()).toMillis() / 1000.0 + " s of grace is longer than the closing"
                + " records' lead (" + ClosingRecords.LEAD.toSeconds() + " s after the data, replayer.jar --close and the"
                + " demo): after a finite replay the last windows stay open until later records move event time past"
                + " them");
    }

    /** Seconds as a duration in ms; refused, naming the option, unless finite and positive (or zero when allowed). */
    private static Duration seconds(CommandLine commandLine, String option, double s, boolean zeroAllowed) {
        long ms = Math.round(s * 1000);
        if (!Double.isFinite(s) || ms < 0 || (ms == 0 && !zeroAllowed) || ms > Duration.ofDays(365).toMillis()) {
            throw new CommandLine.ParameterException(commandLine, option + " must be " + (zeroAllowed ? "0" : "0.001")
                    + " to 31536000 seconds, was " + s);
        }
        return Duration.ofMillis(ms);
    }
}
