package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.EPOCH;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.fleetstreams.app.TestData;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.SentBefore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replayer kill the fault scenario caught (docs/reliability.md, "A fix lost at a replayer kill"), through the whole
 * topology on data/sample: the replayer had sent ride ac3c7250's GPS fix at 80.34 s (80.36 s in today's sample) and then the samples of that
 * time; the kill lost the fix, and with it every later record of the GPS partition, while the samples were written;
 * the inputs stopped; the resumed replayer wrote the rest. With the replayer's {@link SentBefore} claims the alerts
 * and the window summaries (their peaks too) are those of the replay without the kill. Without them the merge took
 * the stopped inputs for ended and let the samples go ahead of the fix, and three of that ride's window peaks came out
 * as in the failed fault run (0.245340 for 0.245367, 0.008727 for 0.008734).
 */
class ReplayerKillTest {

    private static final Path SAMPLE = Path.of("..", "data", "sample");
    private static final String RIDE = "ac3c7250";
    private static final double LOST_FIX_OFFSET = 80.36; // 80.34 s before data/sample's regeneration on 2026-12-08

    @TempDir
    Path state;

    @Test
    void aFixLostAtAKillIsWaitedForAndTheResultsAreThoseOfTheReplayWithoutIt() {
        // the replay's order: event time, the fixes of a time before its samples
        List<SensorReading> sent = new ArrayList<>(TestData.readings(SAMPLE, EPOCH));
        sent.sort(Comparator.comparingLong(SensorReading::eventTime).thenComparing(r -> !(r instanceof LocationFix)));
        int lost = indexOf(sent, r -> r instanceof LocationFix && r.rideId().startsWith(RIDE)
                && Math.abs(r.offset() - LOST_FIX_OFFSET) < 0.005);
        long t = sent.get(lost).eventTime();
        int killed = indexOf(sent, r -> r instanceof AccelerationSample && r.rideId().startsWith(RIDE)
                && r.eventTime() == t);
        assertThat(killed).as("the ride's sample of that time is sent after its fix").isGreaterThan(lost);
        long end = sent.get(sent.size() - 1).eventTime() + 600_000;

        TopologyResults uninterrupted = run("uninterrupted", sent, sent.stream().map(r -> true).toList(), end, true);
        // written before the kill: everything sent up to the ride's sample at t, but the GPS records from the lost fix on
        List<Boolean> written = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            written.add(i <= killed && (i < lost || sent.get(i) instanceof AccelerationSample));
        }
        TopologyResults withClaims = run("claims", sent, written, end, true);
        TopologyResults withoutClaims = run("no-claims", sent, written, end, false);

        assertThat(uninterrupted.alerts()).as("the real data has alerts").isNotEmpty();
        assertThat(withClaims.differences(uninterrupted)).as("with the claims").isEmpty();
        // what the claims change: without them this kill changes the ride's window peaks (the fault scenario's failure)
        assertThat(withoutClaims.differences(uninterrupted)).as("without the claims").isNotEmpty();
    }

    /**
     * Pipes what the killed replayer wrote, each record with the claim it was sent with (counted over everything it
     * sent, the lost records too), lets the inputs stop (two seconds of wall-clock time without a record), then pipes
     * {@code resumed} with a resumed replayer's claims (counted from where the topics then end), and closes every window.
     */
    private TopologyResults run(String name, List<SensorReading> sent, List<Boolean> written, long end, boolean claims) {
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state.resolve(name)))) {
            List<Long> before = claims(sent, new long[2]);
            List<SensorReading> resumed = new ArrayList<>();
            long[] ends = new long[2];
            for (int i = 0; i < sent.size(); i++) {
                if (written.get(i)) {
                    pipe(app, sent.get(i), claims ? before.get(i) : null);
                    ends[sent.get(i) instanceof LocationFix ? 0 : 1]++;
                } else {
                    resumed.add(sent.get(i));
                }
            }
            for (int i = 0; i < 20; i++) {
                app.driver.advanceWallClockTime(Duration.ofMillis(100));
            }
            List<Long> after = claims(resumed, ends);
            for (int i = 0; i < resumed.size(); i++) {
                pipe(app, resumed.get(i), claims ? after.get(i) : null);
            }
            app.advanceBothInputsTo(end);
            assertThat(app.deadLetters.isEmpty()).isTrue();
            return TopologyResults.of(app);
        }
    }

    /**
     * The replayer's claim on each record it sends in this order: the other topic's records sent before it, counted
     * from {@code ends} (the driver's topics have one partition: the offset after each topic's last record).
     */
    private static List<Long> claims(List<SensorReading> order, long[] ends) {
        long[] sent = ends.clone();
        List<Long> claims = new ArrayList<>();
        for (SensorReading r : order) {
            int own = r instanceof LocationFix ? 0 : 1;
            claims.add(sent[1 - own]);
            sent[own]++;
        }
        return claims;
    }

    /** One record as the replayer publishes it, with its claim (null: none). */
    private static void pipe(TopologyFixture app, SensorReading r, Long claim) {
        RecordHeaders headers = new RecordHeaders();
        if (claim != null) {
            headers.add(SentBefore.HEADER, SentBefore.encode(claim));
        }
        app.pipe(r, headers);
    }

    private static int indexOf(List<SensorReading> readings, Predicate<SensorReading> which) {
        for (int i = 0; i < readings.size(); i++) {
            if (which.test(readings.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such record in " + SAMPLE + ": " + Map.of("ride", RIDE, "at", LOST_FIX_OFFSET));
    }
}
