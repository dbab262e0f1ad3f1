package org.fleetstreams.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.JoinedReading;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.TopicReader;
import org.fleetstreams.deadletter.DeadLetterHeaders;

/**
 * Checks an app's outputs against its inputs, whatever happened in between (killed instances, bounced brokers):
 * waits until the app has committed every input offset and no transaction is open on an output, reads every topic
 * with read_committed, and compares per output topic what was expected with what was found.
 *
 * <p>Expected joined pairs and summary counts come from {@link ExpectedOutputs} (computed from the input records
 * alone); alerts, the detector's summary fields and dead letters from a {@link ReferenceRun} of the same input. The
 * verifier does not know how the topology is written, only its output formats.
 *
 * <pre>{@code
 * VerifierReport report = OutputVerifier.verify(bootstrap, appConfig, Duration.ofMinutes(2));
 * assertThat(report.passed()).as(report.toString()).isTrue();
 * }</pre>
 */
public final class OutputVerifier {

    private OutputVerifier() {
    }

    /** Waits for the app (group {@code config.applicationId()}) to settle, then verifies its outputs. */
    public static VerifierReport verify(String bootstrap, AppConfig config, Duration timeout) throws InterruptedException {
        Duration settledIn = Settled.await(bootstrap, config.applicationId(), config.topics(), timeout);
        Topics topics = config.topics();
        List<InputRecord> inputs = new ArrayList<>();
        for (String input : topics.inputs()) {
            TopicReader.readAll(bootstrap, input, timeout).forEach(r -> inputs.add(InputRecord.of(r)));
        }
        ExpectedOutputs expected = new ExpectedOutputs(inputs, topics.locations(),
                config.time().joinTimeDifference().toMillis(), config.time().windowSize().toMillis(),
                config.time().windowAdvance().toMillis());
        ReferenceRun reference = ReferenceRun.of(config, inputs);

        List<TopicCheck> checks = new ArrayList<>();
        checks.add(Multiset.compare(topics.joined(), expected.joinedPairs(), joinedFound(bootstrap, topics, timeout)));

        List<CarSummary> summaries = values(bootstrap, topics.carSummaries(), timeout, FleetSerdes.carSummary());
        Multiset summariesExpected = new Multiset();
        reference.summaries().forEach(s -> summariesExpected.add(summaryKey(s)));
        Multiset summariesFound = new Multiset();
        Multiset finalsPerWindow = new Multiset();
        summaries.forEach(s -> {
            summariesFound.add(summaryKey(s));
            finalsPerWindow.add(ExpectedOutputs.summaryKey(s.rideId(), s.windowStart()));
        });
        checks.add(Multiset.compare(topics.carSummaries(), summariesExpected, summariesFound));

        Multiset alertsExpected = new Multiset();
        reference.alerts().forEach(a -> alertsExpected.add(alertKey(a)));
        Multiset alertsFound = new Multiset();
        values(bootstrap, topics.harshBraking(), timeout, FleetSerdes.harshBrakingAlert())
                .forEach(a -> alertsFound.add(alertKey(a)));
        checks.add(Multiset.compare(topics.harshBraking(), alertsExpected, alertsFound));

        Multiset deadExpected = new Multiset();
        reference.deadLetters().forEach(deadExpected::add);
        Multiset deadFound = new Multiset();
        Multiset deadSources = new Multiset();
        for (ConsumerRecord<String, byte[]> d : TopicReader.readAll(bootstrap, topics.deadLetters(), timeout)) {
            deadFound.add(ReferenceRun.deadLetterKey(ReferenceRun.header(d.headers().lastHeader(DeadLetterHeaders.TOPIC)),
                    d.value(), ReferenceRun.header(d.headers().lastHeader(DeadLetterHeaders.REASON))));
            deadSources.add(ReferenceRun.header(d.headers().lastHeader(DeadLetterHeaders.TOPIC)) + "-"
                    + ReferenceRun.header(d.headers().lastHeader(DeadLetterHeaders.PARTITION)) + "@"
                    + ReferenceRun.header(d.headers().lastHeader(DeadLetterHeaders.OFFSET)));
        }
        checks.add(Multiset.compare(topics.deadLetters(), deadExpected, deadFound));

        return new VerifierReport(inputs.size(), checks, finalsPerWindow.extraCopies(), deadSources.extraCopies(),
                modelMismatches(expected, reference), settledIn);
    }

    private static Multiset joinedFound(String bootstrap, Topics topics, Duration timeout) {
        Multiset found = new Multiset();
        for (JoinedReading j : values(bootstrap, topics.joined(), timeout, FleetSerdes.joinedReading())) {
            found.add(ExpectedOutputs.joinedKey(j.rideId(), j.locationEventTime(), j.accelerationEventTime()));
        }
        return found;
    }

    private static <T> List<T> values(String bootstrap, String topic, Duration timeout, Serde<T> serde) {
        List<T> values = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(bootstrap, topic, timeout)) {
            if (!ClosingRecords.isClosing(r.key())) {
                values.add(serde.deserializer().deserialize(topic, r.value()));
            }
        }
        return values;
    }

    /** A summary's identity and every field, doubles to 6 decimals: a changed value is a missing plus an unexpected. */
    static String summaryKey(CarSummary s) {
        return ExpectedOutputs.summaryKey(s.rideId(), s.windowStart()) + " end@" + s.windowEnd() + " "
                + ExpectedOutputs.figures(s.gpsFixes(), s.accelSamples(), s.meanSpeed(), s.maxSpeed())
                + " distance=" + ExpectedOutputs.round(s.distanceMetres()) + " peak=" + ExpectedOutputs.round(s.peakDecelG())
                + " alerts=" + s.harshBrakingCount();
    }

    static String alertKey(HarshBrakingAlert a) {
        return a.rideId() + " " + a.startTime() + "-" + a.endTime() + " " + a.severity() + " peak="
                + ExpectedOutputs.round(a.peakDecelG()) + " mean=" + ExpectedOutputs.round(a.meanDecelG());
    }

    /** Where the reference run's summaries disagree with the independent counts: a bug in one of the two. */
    private static List<String> modelMismatches(ExpectedOutputs expected, ReferenceRun reference) {
        Map<String, String> independent = expected.summaryFigures();
        Map<String, String> fromReference = new HashMap<>();
        for (CarSummary s : reference.summaries()) {
            fromReference.put(ExpectedOutputs.summaryKey(s.rideId(), s.windowStart()),
                    ExpectedOutputs.figures(s.gpsFixes(), s.accelSamples(), s.meanSpeed(), s.maxSpeed()));
        }
        List<String> mismatches = new ArrayList<>();
        for (String key : independent.keySet()) {
            if (!Objects.equals(independent.get(key), fromReference.get(key))) {
                mismatches.add(key + ": counted " + independent.get(key) + ", reference " + fromReference.get(key));
            }
        }
        for (String key : fromReference.keySet()) {
            if (!independent.containsKey(key)) {
                mismatches.add(key + ": reference has a window the input does not");
            }
        }
        return mismatches;
    }
}
