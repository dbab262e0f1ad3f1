package org.fleetstreams.common.admin;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.Topics;

/**
 * Ends a finite replay the way a live stream never needs: one GPS fix and one accelerometer sample, of a ride of
 * their own, on every partition of both inputs, at an event time after the data.
 *
 * <p>Kafka Streams keeps stream time per task. After a task's last record of one input it waits
 * {@code max.task.idle.ms} for the other input before it takes that input's last records alone, and the last windows
 * stay open until stream time passes them. A closing record on every partition lets every task finish at once and
 * closes every window.
 *
 * <p>A closing record is far ahead of the data, and Kafka Streams may take it before records still queued on the
 * task's other partition (it takes an empty partition whose last known lag was 0 as caught up). The app's merge
 * ({@code readings-in-order}) puts it after them in event time all the same, so it may be sent the moment the data
 * ends ({@link #send}: {@code replayer.jar --close}; the app's {@code LiveAndExactTest} checks it beside a live
 * replay). The demo waits until the app has taken every record ({@link #sendWhenCaughtUp}) to know when its table
 * is complete.
 *
 * <p>They carry one reserved ride id, {@link #RIDE_ID}: the app uses them only to move its clock
 * and writes no output for them; any other consumer of the inputs leaves them out with {@link #isClosing}.
 */
public final class ClosingRecords {

    /** {@link #LEAD} in minutes, for help texts. */
    public static final int LEAD_MINUTES = 10;

    /**
     * How far after the data's last event time the closing records are, wherever they are sent from (the replayer's
     * {@code --close}, the demo): past the end and grace of the app's windows with its settings as shipped (30 s
     * windows, a few seconds of grace). The app names windows that outlast it when it starts
     * ({@code TimePolicy#lastWindowsCloseWithin}).
     */
    public static final Duration LEAD = Duration.ofMinutes(ClosingRecords.LEAD_MINUTES);

    /** The ride id of every closing record. */
    public static final String RIDE_ID = "__closing__";

    private ClosingRecords() {
    }

    public static boolean isClosing(String rideId) {
        return RIDE_ID.equals(rideId);
    }

    /**
     * Waits until the consumer group {@code applicationId} has committed every record of both inputs, then sends the
     * closing records.
     *
     * @throws KafkaSetupException when the group has not caught up within {@code timeout}
     */
    public static void sendWhenCaughtUp(String bootstrapServers, Topics topics, String applicationId, long eventTime,
                                        Duration timeout) {
        Properties client = new Properties();
        client.put("bootstrap.servers", bootstrapServers);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = KafkaConnection.connect(client, Duration.ofSeconds(30))) {
            TopicSetup setup = new TopicSetup(admin, Duration.ofSeconds(30));
            long lag;
            while ((lag = setup.groupLag(applicationId, topics.inputs())) != 0) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaSetupException(applicationId + " still has " + lag + " input records to take after "
                            + timeout.toSeconds() + " s; closing records not sent");
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted while waiting for " + applicationId + " to catch up", e);
        }
        send(bootstrapServers, topics, eventTime);
    }

    /** Sends a closing fix and sample to every partition of both inputs, at {@code eventTime}, right away. */
    public static void send(String bootstrapServers, Topics topics, long eventTime) {
        Properties client = new Properties();
        client.put("bootstrap.servers", bootstrapServers);
        send(client, topics, eventTime, 0);
    }

    /**
     * As {@link #send(String, Topics, long)}, with these client settings (bootstrap servers, security...) and
     * {@code offset} in the records' {@code offset} field: their time in the data's own clock, seconds after the
     * replay's epoch, for an app that takes event time from the offset ({@code app.jar --offset-epoch}). The other
     * senders, whose apps take the record timestamp, leave it 0.
     */
    public static void send(Properties client, Topics topics, long eventTime, double offset) {
        String rideId = RIDE_ID;
        int partitions;
        try (Admin admin = KafkaConnection.connect(client, Duration.ofSeconds(30))) {
            partitions = new TopicSetup(admin, Duration.ofSeconds(30)).partitions(topics.inputs()).get(topics.locations());
        }
        LocationFix fix = new LocationFix(offset, null, rideId, rideId, 0, 0, 0, "", LocationFix.UNKNOWN_SPEED, 0, eventTime);
        AccelerationSample sample = new AccelerationSample(offset, null, rideId, rideId, 0, 0, 1, eventTime);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(client, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int p = 0; p < partitions; p++) {
                producer.send(new ProducerRecord<>(topics.locations(), p, eventTime, rideId,
                        FleetSerdes.locationFix().toBytes(fix))).get();
                producer.send(new ProducerRecord<>(topics.accelerations(), p, eventTime, rideId,
                        FleetSerdes.accelerationSample().toBytes(sample))).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted while sending closing records", e);
        } catch (ExecutionException e) {
            throw new KafkaSetupException("cannot send closing records: " + e.getCause().getMessage(), e);
        }
    }
}
