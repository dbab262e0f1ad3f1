package org.fleetstreams.demo;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.Topics;
import org.fleetstreams.replay.ReplayJob;
import org.fleetstreams.replay.data.SensorKind;

/**
 * The demo's console view. On a terminal it redraws a block in place (ANSI cursor moves); otherwise (a pipe, CI) it
 * prints one summary line every few seconds, so logs stay readable.
 */
final class LiveView {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.S").withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final Topics topics;
    private final boolean terminal;
    private int drawnLines;
    private long lastIn;
    private long lastOut;
    private long lastNanos = System.nanoTime();
    private long lastPlainLine;
    private String lastPlainText = "";
    private final AppLag lag;
    private final JoinFrontier frontier;

    private final Queue<String> notes;

    /**
     * @param frontier the pairs the replay has published, told of by the replay ({@code ReplayJob.onAcknowledged})
     * @param notes    lines to print above the view (the logging's one-line notes), drained at each frame
     */
    LiveView(PrintStream out, Topics topics, boolean terminal, AppLag lag, JoinFrontier frontier, Queue<String> notes) {
        this.out = out;
        this.notes = notes;
        this.topics = topics;
        this.terminal = terminal;
        this.lag = lag;
        this.frontier = frontier;
    }

    /** The last frame: on a terminal as always, off it a plain line whatever the time since the previous one. */
    void renderFinal(ReplayJob.Progress progress, OutputTally tally, String phase) {
        lastPlainLine = 0;
        lag.refreshNext();
        render(progress, tally, phase);
    }

    /** Draws a frame; returns the event time the app is behind the replay, in ms ({@link AppLag#behindMillis}). */
    long render(ReplayJob.Progress progress, OutputTally tally, String phase) {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        long in = progress == null ? 0 : progress.stats().acknowledged();
        long outCount = tally.total();
        double inRate = (in - lastIn) / seconds;
        double outRate = (outCount - lastOut) / seconds;
        lastIn = in;
        lastOut = outCount;
        lastNanos = now;
        long[] published = frontier.latest();
        long records = lag.records(published);
        long behindMillis = progress == null ? 0 : AppLag.behindMillis(published, tally.latestJoinedEventTimes(),
                lag.caughtUpTimes(), frontier::unwrittenFrom);
        String behind = AppLag.line(records, behindMillis);
        if (terminal) {
            List<String> lines = lines(progress, tally, phase, inRate, outRate);
            lines.add(3, behind);
            if (drawnLines > 0) {
                out.print("\033[" + drawnLines + "F\033[J");
            }
            printNotes();
            lines.forEach(out::println);
            drawnLines = lines.size();
        } else if (lastPlainLine == 0 || now - lastPlainLine > 3_000_000_000L) {
            String line = bar(progress, 10) + String.format(Locale.ROOT, "  in %,d (%,.0f/s)  out %,d (%,.0f/s)  alerts %d  %s",
                    in, inRate, outCount, outRate, tally.count(topics.harshBraking()), phase) + "  |  " + behind;
            // Off a terminal, a line that says nothing new (the app waiting) is repeated only every 30 s.
            printNotes();
            if (lastPlainLine == 0 || !line.equals(lastPlainText) || now - lastPlainLine > 30_000_000_000L) {
                lastPlainLine = now;
                lastPlainText = line;
                out.println(line);
            }
        }
        out.flush();
        return behindMillis;
    }

    private void printNotes() {
        for (String note; (note = notes.poll()) != null; ) {
            out.println(note);
        }
    }

    private List<String> lines(ReplayJob.Progress p, OutputTally tally, String phase, double inRate, double outRate) {
        List<String> l = new ArrayList<>();
        l.add("replay  " + bar(p, 30) + "  " + phase);
        l.add(String.format(Locale.ROOT, "in      %,9.0f rec/s   %s %,d   %s %,d", inRate, topics.locations(),
                p == null ? 0 : p.stats().records(SensorKind.LOCATIONS), topics.accelerations(),
                p == null ? 0 : p.stats().records(SensorKind.ACCELERATIONS)));
        l.add(String.format(Locale.ROOT, "out     %,9.0f rec/s   %s %,d   %s %,d   %s %,d   %s %,d", outRate,
                topics.joined(), tally.count(topics.joined()), topics.carSummaries(), tally.count(topics.carSummaries()),
                topics.harshBraking(), tally.count(topics.harshBraking()), topics.deadLetters(),
                tally.count(topics.deadLetters())));
        l.add("latest harsh-braking alerts:");
        List<HarshBrakingAlert> alerts = tally.latestAlerts();
        if (alerts.isEmpty()) {
            l.add("  (none yet)");
        }
        for (HarshBrakingAlert a : alerts) {
            l.add(alertLine(a));
        }
        return l;
    }

    static String alertLine(HarshBrakingAlert a) {
        return String.format(Locale.ROOT, "  %s  %s  %.2f g  %-8s %4.1f s  %s -> %s m/s  %s confidence", CLOCK.format(
                        Instant.ofEpochMilli(a.startTime())), a.rideId().substring(0, Math.min(8, a.rideId().length())),
                a.peakDecelG(), a.severity(), a.durationMs() / 1000.0, speed(a.speedBefore()), speed(a.speedAfter()),
                a.confidence());
    }

    private static String speed(Double v) {
        return v == null ? "?" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String bar(ReplayJob.Progress p, int width) {
        if (p == null) {
            return "[" + " ".repeat(width) + "]   starting";
        }
        if (Double.isInfinite(p.totalSimSeconds())) {
            return String.format(Locale.ROOT, "pass %d, %.1f s sim", p.stats().pass() + 1, p.doneSimSeconds());
        }
        double f = Math.min(1, p.doneSimSeconds() / Math.max(1e-9, p.totalSimSeconds()));
        int full = (int) Math.round(f * width);
        return "[" + "#".repeat(full) + ".".repeat(width - full) + String.format(Locale.ROOT, "] %3.0f%%  %.1f/%.1f s sim",
                100 * f, p.doneSimSeconds(), p.totalSimSeconds());
    }
}
