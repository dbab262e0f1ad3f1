package org.fleetstreams.replay;

import java.time.Instant;
import java.util.Map;
import org.fleetstreams.common.Topics;
import org.fleetstreams.replay.data.SensorKind;

/** The final report, printed to stdout when a replay ends (also after Ctrl-C). */
final class ReplaySummary {

    private ReplaySummary() {
    }

    static String format(ReplayStats stats, Topics topics, int fleet, boolean dryRun, boolean paced, boolean stopped,
                         long nowNanos) {
        double seconds = stats.elapsedSeconds(nowNanos);
        long records = stats.records();
        StringBuilder s = new StringBuilder();
        s.append(dryRun ? "Dry run (nothing sent): " : stopped ? "Replay stopped: " : "Replay finished: ");
        s.append(String.format("%,d records, %.1f MB in %.2f s (%,.0f records/s, %.1f MB/s)%n", records,
                stats.bytes() / 1e6, seconds, records / Math.max(seconds, 1e-9), stats.bytes() / 1e6 / Math.max(seconds, 1e-9)));
        s.append(String.format("  %-28s %,12d records%n", topics.locations(), stats.records(SensorKind.LOCATIONS)));
        s.append(String.format("  %-28s %,12d records%n", topics.accelerations(), stats.records(SensorKind.ACCELERATIONS)));
        s.append(String.format("  %-28s %,12d (%d in the data x fleet %d)%n", "rides", (long) stats.distinctRides() * fleet,
                stats.distinctRides(), fleet));
        if (records > 0) {
            s.append(String.format("  %-28s %.3f .. %.3f s, %d pass%s%n", "simulated time", firstSim(stats), stats.simSeconds(),
                    stats.pass() + 1, stats.pass() == 0 ? "" : "es"));
            s.append(String.format("  %-28s %s .. %s%n", "event time", Instant.ofEpochMilli(stats.minEventTime()),
                    Instant.ofEpochMilli(stats.maxEventTime())));
        }
        Map<String, Long> skipped = stats.skips().byReason();
        s.append(String.format("  %-28s %,12d%s%n", "rows skipped", stats.skips().total(),
                skipped.isEmpty() ? "" : "  " + skipped));
        Map<String, Long> unknown = stats.skips().unknownsByColumn();
        if (!unknown.isEmpty()) {
            s.append(String.format("  %-28s %,12d  %s%n", "null/NaN/inf as -1 (unknown)",
                    unknown.values().stream().mapToLong(Long::longValue).sum(), unknown));
        }
        if (!dryRun) {
            s.append(String.format("  %-28s %,12d acknowledged, %,d failed%s%n", "delivery", stats.acknowledged(),
                    stats.failed(), stats.firstFailure() == null ? "" : " (first: " + stats.firstFailure().getMessage() + ")"));
        }
        if (paced && stats.lag().count() > 0) {
            s.append(String.format("  %-28s p50 %.2f ms  p99 %.2f ms  max %.2f ms%n", "behind schedule",
                    stats.lag().percentileMillis(0.50), stats.lag().percentileMillis(0.99), stats.lag().maxMillis()));
        }
        return s.toString();
    }

    private static double firstSim(ReplayStats stats) {
        return stats.firstSimSeconds();
    }
}
