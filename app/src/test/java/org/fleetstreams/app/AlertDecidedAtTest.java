package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.braking.HarshBraking;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every alert names the input record of its ride that let the detector decide ({@link HarshBraking#DECIDED_AT_HEADER}),
 * and that record is one the ride really sent, no earlier than the event's end and no later than the documented
 * emission delay after it. The latency benchmark measures from it. A brake at a ride's very end names instead the
 * time its silence was noticed ({@code silent:}), at least the silence after the ride's last record.
 */
class AlertDecidedAtTest {

    @TempDir
    Path state;

    @Test
    void everyAlertNamesARecordOfItsRideWithinTheEmissionDelay() {
        List<SensorReading> readings = RealDataTopologyTest.replayedReadings(Path.of("../data/sample"), TopologyFixture.EPOCH);
        Set<String> sent = readings.stream()
                .map(r -> r.rideId() + "/" + (r instanceof LocationFix ? "fix:" : "sample:") + r.eventTime())
                .collect(Collectors.toSet());
        List<TestRecord<String, HarshBrakingAlert>> alerts = DriverRun.alertRecords(Path.of("../data/sample"));
        long maxDelay = BrakingConfig.defaults().maxEmitDelay().toMillis();
        {
            assertThat(alerts).hasSizeGreaterThan(20);
            for (TestRecord<String, HarshBrakingAlert> a : alerts) {
                Header h = a.headers().lastHeader(HarshBraking.DECIDED_AT_HEADER);
                assertThat(h).as("header on " + a.value()).isNotNull();
                String decided = new String(h.value(), StandardCharsets.UTF_8);
                long t = Long.parseLong(decided.substring(decided.indexOf(':') + 1));
                if (decided.startsWith("silent:") || decided.startsWith("stopped:")) {
                    long last = readings.stream().filter(r -> r.rideId().equals(a.value().rideId()))
                            .mapToLong(SensorReading::eventTime).max().orElseThrow();
                    assertThat(t).as(decided + " for " + a.value()).isGreaterThanOrEqualTo(last + 2_500);
                    continue;
                }
                assertThat(sent).as("a record the ride sent").contains(a.value().rideId() + "/" + decided);
                assertThat(t).as(decided + " for " + a.value()).isBetween(a.value().endTime(), a.value().endTime() + maxDelay);
            }
        }
    }
}
