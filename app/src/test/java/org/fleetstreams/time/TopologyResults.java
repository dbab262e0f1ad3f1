package org.fleetstreams.time;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;

/**
 * What a whole-topology run wrote, for comparing two deliveries of the same data: the alerts and the window summaries,
 * each sorted by ride and time (which record a result's emission happens to follow is not the question), and how many
 * pairs were joined.
 */
record TopologyResults(List<HarshBrakingAlert> alerts, List<CarSummary> summaries, long joined) {

    /** Reads everything {@code app} has written to the alerts, summaries and joined topics. */
    static TopologyResults of(TopologyFixture app) {
        List<HarshBrakingAlert> alerts = app.driver.createOutputTopic(app.config.topics().harshBraking(),
                new StringDeserializer(), FleetSerdes.harshBrakingAlert().deserializer()).readValuesToList();
        return new TopologyResults(alerts.stream().sorted(Comparator.comparing(HarshBrakingAlert::rideId)
                .thenComparingLong(HarshBrakingAlert::startTime)).toList(), app.summaries.readValuesToList().stream()
                .sorted(Comparator.comparing(CarSummary::rideId).thenComparingLong(CarSummary::windowStart)).toList(),
                app.joined.getQueueSize());
    }

    /** The alerts and summaries of this run that {@code reference} does not have, and the counts if they differ. */
    List<Object> differences(TopologyResults reference) {
        List<Object> differ = new ArrayList<>();
        alerts.stream().filter(a -> !reference.alerts().contains(a)).forEach(differ::add);
        summaries.stream().filter(w -> !reference.summaries().contains(w)).forEach(differ::add);
        if (alerts.size() != reference.alerts().size() || summaries.size() != reference.summaries().size()
                || joined != reference.joined()) {
            differ.add("alerts " + alerts.size() + ", summaries " + summaries.size() + ", joined " + joined
                    + " against " + reference.alerts().size() + ", " + reference.summaries().size() + ", "
                    + reference.joined());
        }
        return differ;
    }
}
