package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.EPOCH;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.deadletter.DeadLetterHeaders;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The house rules of event time, on two rides whose GPS input reaches the app ahead of (or behind) their accelerometer
 * input by a fixed skew, as happens when one input's partition is fetched later than the other's. The expectations
 * are computed here from the rules alone: both inputs are merged in event-time order, fixes before samples at one
 * event time (an input silent for the idle time while the other delivers holds nothing back); each result's clock is the slower input's progress while it keeps delivering (records
 * arrive at their delivery time, at 1x), else the faster one's minus the tolerated skew, and it never goes back; a
 * record counts in the join unless it is more than the tolerated disorder behind the clock,
 * and in a window unless the clock has passed the window's close; whatever does not count is in the dead-letter topic
 * as late, once per missed result.
 */
class EventTimeSkewTest {

    private static final long SKEW_MS = TimePolicy.defaults().toleratedSkew().toMillis();
    private static final long DISORDER_MS = TimePolicy.defaults().toleratedDisorder().toMillis();
    private static final long IDLE_MS = TimePolicy.defaults().inputIdle().toMillis();
    private static final long STOPPED_MS = TimePolicy.defaults().inputStopped().toMillis();

    @TempDir
    Path state;

    @ParameterizedTest(name = "GPS {0} ms ahead of the accelerometer")
    @CsvSource({"0", "3000", "-4000", "28500", "-28500", "45000", "-60000"})
    void everyRecordCountsOnceOrIsADeadLetterNamedLate(long gpsAheadMs) {
        List<SensorReading> rides = new ArrayList<>();
        rides.addAll(ride("a", 90_000));
        rides.addAll(ride("b", 60_000));
        // Delivery order: by event time, with the fixes shifted earlier by the skew (a stable sort keeps each input's
        // own order, as a partition does).
        List<SensorReading> delivered = new ArrayList<>(rides);
        delivered.sort(Comparator.comparingLong(r -> r.eventTime() - (r instanceof LocationFix ? gpsAheadMs : 0)));

        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state))) {
            long size = app.config.time().windowSize().toMillis();
            long advance = app.config.time().windowAdvance().toMillis();
            long grace = app.config.time().summaryGrace(app.config.braking().maxEmitDelay()).toMillis();

            // the rules, computed on the delivery order; each record arrives at wall-clock time = its delivery key (1x).
            // 1. Both inputs merged in event-time order: a record goes on once the other input has reached its time,
            //    or that input has been silent for the idle time while this one delivered. At one event time fixes go
            //    first: a sample at t waits until the GPS input has passed t (a fix at t may still come), unless the
            //    GPS input is idle; within an input, records keep their delivery (partition) order.
            Comparator<SensorReading> mergeOrder = Comparator.comparingLong(SensorReading::eventTime)
                    .thenComparing(r -> !(r instanceof LocationFix)); // List.sort is stable
            long wallStart = delivered.get(0).eventTime() - (delivered.get(0) instanceof LocationFix ? gpsAheadMs : 0);
            List<SensorReading> ordered = new ArrayList<>();
            List<Long> orderedWall = new ArrayList<>();
            List<SensorReading> held = new ArrayList<>();
            long seenGps = Long.MIN_VALUE;
            long seenAccel = Long.MIN_VALUE;
            long[] holdGpsSilence = {-1, 0};
            long[] holdAccelSilence = {-1, 0};
            long lastDelivery = 0;
            for (SensorReading r : delivered) {
                long wall = wallClock(r, gpsAheadMs, wallStart);
                if (!held.isEmpty() && wall - lastDelivery >= STOPPED_MS) { // no record for a moment: held ones go on
                    held.sort(mergeOrder);
                    for (SensorReading f : held) {
                        ordered.add(f);
                        orderedWall.add(wall);
                    }
                    held.clear();
                }
                lastDelivery = wall;
                if (r instanceof LocationFix) {
                    seenGps = Math.max(seenGps, r.eventTime());
                    holdGpsSilence[0] = -1;
                    otherDelivered(holdAccelSilence, wall);
                } else {
                    seenAccel = Math.max(seenAccel, r.eventTime());
                    holdAccelSilence[0] = -1;
                    otherDelivered(holdGpsSilence, wall);
                }
                boolean gpsIdle = holdGpsSilence[0] >= IDLE_MS;
                boolean accelIdle = holdAccelSilence[0] >= IDLE_MS;
                long upTo = gpsIdle && !accelIdle ? seenAccel : accelIdle && !gpsIdle ? seenGps : Math.min(seenGps, seenAccel);
                long samplesUpTo = gpsIdle || seenGps == Long.MIN_VALUE ? upTo : Math.min(upTo, seenGps - 1);
                held.add(r);
                held.sort(mergeOrder);
                while (!held.isEmpty()
                        && held.get(0).eventTime() <= (held.get(0) instanceof LocationFix ? upTo : samplesUpTo)) {
                    ordered.add(held.remove(0));
                    orderedWall.add(wall);
                }
            }
            // the closing records an hour later move both inputs past everything: all that is held goes on
            long lastWall = orderedWall.isEmpty() ? 0 : orderedWall.get(orderedWall.size() - 1);
            for (SensorReading r : held) {
                ordered.add(r);
                orderedWall.add(lastWall);
            }
            held.clear();
            // 2. Each result's clock: the slower input while it delivers, else the faster minus the skew; never back.
            long hiGps = Long.MIN_VALUE;
            long hiAccel = Long.MIN_VALUE;
            long[] gpsSilence = {-1, 0};
            long[] accelSilent = {-1, 0};
            long clock = Long.MIN_VALUE;
            List<SensorReading> joinable = new ArrayList<>();
            Map<String, long[]> windows = new HashMap<>(); // ride@start -> fixes, samples
            int lateForJoin = 0;
            int lateForWindows = 0;
            for (int i = 0; i < ordered.size(); i++) {
                SensorReading r = ordered.get(i);
                long wall = orderedWall.get(i);
                if (r instanceof LocationFix) {
                    hiGps = Math.max(hiGps, r.eventTime());
                    gpsSilence[0] = -1;
                    otherDelivered(accelSilent, wall);
                } else {
                    hiAccel = Math.max(hiAccel, r.eventTime());
                    accelSilent[0] = -1;
                    otherDelivered(gpsSilence, wall);
                }
                boolean gpsSlower = hiGps <= hiAccel;
                long lo = Math.min(hiGps, hiAccel);
                long hi = Math.max(hiGps, hiAccel);
                boolean slowerActive = (gpsSlower ? gpsSilence : accelSilent)[0] < IDLE_MS;
                clock = Math.max(clock, slowerActive ? lo : Math.max(lo, hi - SKEW_MS));
                if (clock != Long.MIN_VALUE && clock - r.eventTime() > DISORDER_MS) {
                    lateForJoin++;
                } else {
                    joinable.add(r);
                }
                long latest = Math.floorDiv(r.eventTime(), advance) * advance;
                for (long w = latest; w > r.eventTime() - size; w -= advance) {
                    if (clock != Long.MIN_VALUE && w + size + grace <= clock) {
                        lateForWindows++;
                    } else {
                        windows.computeIfAbsent(r.rideId() + "@" + w, k -> new long[2])[r instanceof LocationFix ? 0 : 1]++;
                    }
                }
            }
            long pairs = 0;
            for (SensorReading f : joinable) {
                for (SensorReading s : joinable) {
                    if (f instanceof LocationFix && s instanceof AccelerationSample && f.rideId().equals(s.rideId())
                            && Math.abs(f.eventTime() - s.eventTime()) <= app.config.time().joinTimeDifference().toMillis()) {
                        pairs++;
                    }
                }
            }

            // pipe input at its wall-clock time, then closing records well after the data
            long wallNow = 0;
            Map<String, byte[]> piped = new HashMap<>(); // "topic@offset" -> the bytes piped there
            long[] offsets = {0, 0};
            for (SensorReading r : delivered) {
                long wall = wallClock(r, gpsAheadMs, wallStart);
                if (wall > wallNow) {
                    app.driver.advanceWallClockTime(Duration.ofMillis(wall - wallNow));
                    wallNow = wall;
                }
                if (r instanceof LocationFix f) {
                    app.pipe(f);
                    piped.put(app.config.topics().locations() + "@" + offsets[0]++, FleetSerdes.locationFix().toBytes(f));
                } else {
                    app.pipe((AccelerationSample) r);
                    piped.put(app.config.topics().accelerations() + "@" + offsets[1]++,
                            FleetSerdes.accelerationSample().toBytes((AccelerationSample) r));
                }
            }
            app.advanceBothInputsTo(EPOCH + 3_600_000);

            // verify
            assertThat(app.joined.getQueueSize()).as("joined pairs").isEqualTo(pairs);
            Map<String, CarSummary> summaries = new HashMap<>();
            for (CarSummary s : app.summaries.readValuesToList()) {
                assertThat(summaries.put(s.rideId() + "@" + s.windowStart(), s)).as("one final per window").isNull();
            }
            assertThat(summaries.keySet()).containsExactlyInAnyOrderElementsOf(windows.keySet());
            windows.forEach((key, counts) -> {
                assertThat(summaries.get(key).gpsFixes()).as(key + " fixes").isEqualTo(counts[0]);
                assertThat(summaries.get(key).accelSamples()).as(key + " samples").isEqualTo(counts[1]);
            });
            List<TestRecord<String, byte[]>> dead = app.deadLetters.readRecordsToList();
            assertThat(dead).allSatisfy(d -> assertThat(header(d, DeadLetterHeaders.REASON)).startsWith("late: "));
            assertThat(dead).filteredOn(d -> header(d, DeadLetterHeaders.LATE_RESULT).equals("joined")).hasSize(lateForJoin);
            assertThat(dead).filteredOn(d -> header(d, DeadLetterHeaders.LATE_RESULT).startsWith("car-summaries"))
                    .hasSize(lateForWindows);
            assertThat(dead).as("a dead letter's source headers name the record it carries").allSatisfy(d ->
                    assertThat(d.value()).isEqualTo(piped.get(header(d, DeadLetterHeaders.TOPIC) + "@"
                            + header(d, DeadLetterHeaders.OFFSET))));
            assertThat(app.metric("late-total", "joined")).isEqualTo(lateForJoin);
            assertThat(app.metric("late-total", "car-summaries")).isEqualTo(lateForWindows);
            if (Math.abs(gpsAheadMs) < SKEW_MS - DISORDER_MS) {
                assertThat(dead).as("within the tolerated skew nothing is late").isEmpty();
            } else {
                assertThat(lateForJoin).as("beyond it, the test really sends late records").isPositive();
            }
        }
    }

    /**
     * The other input delivered at {@code wall}: the silence grows by the gap since its previous record, at most a
     * second (a stalled thread is not a silent input).
     */
    private static void otherDelivered(long[] silence, long wall) {
        silence[0] = silence[0] < 0 ? 0 : silence[0] + Math.min(wall - silence[1], 1_000);
        silence[1] = wall;
    }

    /** When a record arrives: its delivery key at 1x, in 100 ms steps (the driver's clock moves in those). */
    private static long wallClock(SensorReading r, long gpsAheadMs, long wallStart) {
        long wall = r.eventTime() - (r instanceof LocationFix ? gpsAheadMs : 0) - wallStart;
        return wall - Math.floorMod(wall, 100L);
    }

    /** A ride driving at a steady 12 m/s due north: a GPS fix every 1.5 s and a 50 Hz accelerometer. */
    private static List<SensorReading> ride(String id, long durationMs) {
        List<SensorReading> out = new ArrayList<>();
        long start = EPOCH + 7_000;
        for (long t = 0; t < durationMs; t += 1_500) {
            out.add(TopologyFixture.fix(id, start + t, 40.0 + 12.0 * t / 1000 / 111_195.0, -74.0, 12.0));
        }
        for (long t = 0; t < durationMs; t += 20) {
            out.add(TopologyFixture.sample(id, start + t, 0.01, -0.02, 1.0));
        }
        return out;
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
