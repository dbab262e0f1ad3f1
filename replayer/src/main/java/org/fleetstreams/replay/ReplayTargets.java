package org.fleetstreams.replay;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.fleetstreams.common.OffsetClock;
import org.fleetstreams.common.PropertiesFiles;
import org.fleetstreams.common.SentBefore;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.admin.KafkaSetupException;
import org.fleetstreams.common.admin.TopicSettings;
import org.fleetstreams.common.admin.TopicSetup;
import org.fleetstreams.common.security.AccessCheck;
import org.fleetstreams.common.security.FleetAcls;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.InvalidDatasetException;
import org.fleetstreams.replay.data.RowSkips;
import org.fleetstreams.replay.kafka.TimestampCheck;
import org.fleetstreams.replay.resume.PublishedRecords;
import org.fleetstreams.replay.resume.ResumeFilter;
import org.fleetstreams.replay.resume.ResumePoint;
import org.fleetstreams.replay.schedule.ReplaySchedule;

/**
 * Where one replay goes, for {@link ReplayJob}: the producer's settings (checked as Kafka will read them), and either
 * the topics on Kafka (created if missing, the login's ACLs checked before and after, the records' timestamps checked
 * against the topics' settings, {@code --resume}'s starting point) or, for a dry run, nowhere.
 */
final class ReplayTargets {

    private final ReplayConfig config;
    private final PrintWriter err;
    private final WallClock clock;

    ReplayTargets(ReplayConfig config, PrintWriter err, WallClock clock) {
        this.config = config;
        this.err = err;
        this.clock = clock;
    }

    /** The event time of the data's last record in the last pass (finite replays). */
    static long lastEventTime(ReplayConfig config, long epoch, BddDataset dataset, ReplaySchedule schedule) {
        return OffsetClock.eventTime(epoch + (config.passes() - 1) * schedule.passLengthMillis(), dataset.maxOffset());
    }

    /**
     * What can be refused before any broker is started or asked: {@code --topic-config} that would create compacted
     * topics ({@link TopicSettings#compacts}), and a bad producer setting ({@link #producerSettings}). Bad input,
     * exit 2.
     */
    void checkOptions() {
        if (TopicSettings.compacts(config.topicConfig())) {
            throw new InvalidDatasetException("--topic-config cleanup.policy=" + config.topicConfig().get(
                    TopicConfig.CLEANUP_POLICY_CONFIG) + ": compaction keeps only the newest record of each key, and"
                    + " the replay keys every record by its ride_id, so one reading per ride would be left. Leave"
                    + " cleanup.policy out (delete, with the replayer's retention.ms=-1)");
        }
        producerSettings(bootstrap(), null); // with --embedded-broker, its port is not known yet: checked as the default
    }

    /**
     * Where the replay goes when it starts no broker: {@code --bootstrap-servers}, else the {@code --config} file's
     * {@code bootstrap.servers} (as the app takes it), else {@value KafkaConnection#DEFAULT_BOOTSTRAP}. Both given
     * and different is bad input: the file's value used to win silently while the console and the ACL check named the
     * command line's. With {@code --embedded-broker} the file must not name servers at all: the replay goes to the
     * broker it starts.
     */
    String bootstrap() {
        String fromFile = config.producerConfig() == null ? null
                : fileSettings().get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        String given = config.bootstrapServers();
        if (fromFile != null && config.embeddedBrokerPort() != null) {
            throw new InvalidDatasetException("--config " + config.producerConfig() + " sets bootstrap.servers="
                    + fromFile + ", but --embedded-broker replays into the broker it starts: remove that line, or"
                    + " replay with --bootstrap-servers " + fromFile + " instead");
        }
        if (fromFile != null && given != null && !servers(fromFile).equals(servers(given))) {
            throw new InvalidDatasetException("--bootstrap-servers " + given + " and bootstrap.servers=" + fromFile
                    + " in --config " + config.producerConfig() + " name different servers: give one of them, or the"
                    + " same in both");
        }
        return given != null ? given : fromFile != null ? fromFile.strip() : KafkaConnection.DEFAULT_BOOTSTRAP;
    }

    /** A bootstrap.servers list as Kafka reads it: comma-separated, blanks around each entry ignored, any order. */
    private static Set<String> servers(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(e -> !e.isEmpty()).collect(Collectors.toSet());
    }

    private Map<String, String> fileSettings() {
        try {
            return PropertiesFiles.load(config.producerConfig());
        } catch (UncheckedIOException e) {
            throw new InvalidDatasetException("--config: " + e.getMessage());
        }
    }

    /**
     * The defaults, then the secure setup's client file, then {@code --config FILE}: later wins. Checked as the producer
     * will read them, so a bad value ({@code linger.ms=soon}, {@code acks=1} with idempotence) is a one-line error
     * naming it, before anything is created.
     */
    Properties producerSettings(String bootstrap, Path clientFile) {
        Properties producer = KafkaSink.defaults(bootstrap);
        if (clientFile != null) {
            producer.putAll(PropertiesFiles.load(clientFile));
        }
        if (config.producerConfig() != null) {
            producer.putAll(fileSettings());
        }
        // the file's servers, if it names any, are these (bootstrap() checked it): written as the console names them
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Map<String, Object> check = new HashMap<>();
        producer.forEach((k, v) -> check.put((String) k, v));
        check.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        check.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try {
            new ProducerConfig(check);
        } catch (ConfigException e) {
            throw new InvalidDatasetException("--config: " + e.getMessage());
        }
        // Valid for Kafka, but a transactional producer refuses every send outside a transaction, and the replayer
        // sends none: it is idempotent, which gives what it needs (each record once, in order, per partition).
        // (key.serializer and value.serializer need no such check: KafkaSink passes its own, which Kafka uses.)
        if (producer.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
            throw new InvalidDatasetException("--config: transactional.id=" + producer.get(
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG) + ": the replayer's producer is idempotent and sends outside"
                    + " transactions, which a producer with a transactional.id refuses; remove that line");
        }
        return producer;
    }

    /** Where the replay goes, and what those topics already hold of it ({@code --resume}). */
    record Target(RecordSink sink, ResumeFilter resume) {
    }

    /**
     * The topics on Kafka: created if missing, the login's ACLs checked, the timestamps checked, {@code --resume}.
     *
     * @param producer the replay's producer settings ({@link #producerSettings}), read once per replay
     */
    Target kafka(Properties producer, String bootstrap, BddDataset dataset, ReplaySchedule schedule, long epoch,
                 ReplayStats stats) {
        long[][] ends;
        try (Admin admin = KafkaConnection.connect(producer, config.connectTimeout())) {
            TopicSetup setup = new TopicSetup(admin, config.connectTimeout());
            Map<String, String> topicConfig = TopicSettings.withGiven(config.topicConfig());
            List<String> topics = config.topics().inputs();
            // With a SASL login, check its ACLs before anything is created or sent, and again once the topics exist.
            // Not when the admin client, which checks as itself, logs in as another user (admin.sasl.jaas.config in
            // --config): it would test that user's grants under the producer's name. AccessCheck.principal.
            List<AclBinding> needed = AccessCheck.principal(producer).map(principal -> {
                List<AclBinding> acls = new ArrayList<>(FleetAcls.replayer(principal, config.topics()));
                if (config.resume()) {
                    acls.addAll(FleetAcls.replayerResume(principal, config.topics()));
                }
                return acls;
            }).orElse(List.<AclBinding>of());
            AccessCheck access = new AccessCheck(admin, config.connectTimeout(), bootstrap);
            access.require(needed);
            TopicSetup.Result result = setup.ensure(topics, config.partitions(), config.replicationFactor(), topicConfig);
            access.require(needed);
            result.notes().forEach(n -> err.println("note: " + n));
            if (!result.created().isEmpty()) {
                err.println("Created topics " + result.created() + " with " + result.partitions() + " partitions, "
                        + result.settings());
            }
            Map<String, Map<String, String>> settings = new LinkedHashMap<>();
            topics.forEach(t -> settings.put(t, setup.config(t)));
            noteKeptSettings(settings, result.created());
            checkTimestamps(topics, settings::get, dataset, schedule, epoch, config.speed());
            ends = config.writesFixesBefore() ? ends(admin, topics, result.partitions()) : null;
        }
        ResumeFilter resume = config.resume() ? resume(producer, dataset, epoch) : ResumeFilter.NONE;
        return new Target(new KafkaSink(producer, stats, config.topics().inputs(), config.writesFixesBefore(), ends),
                resume);
    }

    /**
     * Where each input partition ends before the first send (by input, then partition), from which the sink counts
     * the offsets of what it sends ({@code SentBefore}); null, and no such claims, when the broker does not say. The
     * replayer is the topics' only writer, so after a kill these are the ends {@code --resume} continues from.
     */
    private long[][] ends(Admin admin, List<String> topics, int partitions) {
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        topics.forEach(t -> IntStream.range(0, partitions).forEach(p -> ask.put(new TopicPartition(t, p),
                OffsetSpec.latest())));
        try {
            var answer = admin.listOffsets(ask).all().get(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return topics.stream().map(t -> IntStream.range(0, partitions)
                    .mapToLong(p -> answer.get(new TopicPartition(t, p)).offset()).toArray()).toArray(long[][]::new);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            err.println("note: could not read where the topics end (" + e.getMessage() + "); the records carry no "
                    + SentBefore.HEADER + " header");
            return null;
        }
    }

    /**
     * Says which {@code --topic-config} settings the topics that existed already do not have: they keep their own, as
     * they keep their partition count. A note, not an error: an admin's settings for the topics are theirs to choose.
     */
    private void noteKeptSettings(Map<String, Map<String, String>> settings, List<String> created) {
        List<String> kept = new ArrayList<>();
        settings.forEach((topic, own) -> {
            if (!created.contains(topic)) {
                config.topicConfig().forEach((key, value) -> {
                    if (!value.equals(own.get(key))) {
                        kept.add(topic + " " + key + "=" + own.getOrDefault(key, "(unset)"));
                    }
                });
            }
        });
        if (!kept.isEmpty()) {
            err.println("note: the existing topics keep their own " + String.join(", ", kept) + " (--topic-config"
                    + " applies only to topics the replayer creates)");
        }
    }

    /**
     * A dry run sends nothing but checks what it can: the timestamps against the settings this replay would create
     * the topics with (the defaults and {@code --topic-config}; topics that exist already keep their own).
     */
    Target dryRun(BddDataset dataset, ReplaySchedule schedule, long epoch) {
        Map<String, String> topicConfig = TopicSettings.withGiven(config.topicConfig());
        // A dry run without --speed runs at max to print its summary at once; the replay it stands for runs at 1x,
        // and how far its event times run ahead of the wall clock depends on that speed.
        double speed = Double.isInfinite(config.speed()) ? ReplayConfig.SPEED : config.speed();
        checkTimestamps(config.topics().inputs(), topic -> topicConfig, dataset, schedule, epoch, speed);
        return new Target(RecordSink.DISCARD, ResumeFilter.NONE);
    }

    /** Prints what the topics' settings would do to this replay's timestamps; throws when they would refuse them. */
    private void checkTimestamps(List<String> topics, Function<String, Map<String, String>> configOf,
                                 BddDataset dataset, ReplaySchedule schedule, long epoch, double speed) {
        long first = OffsetClock.eventTime(epoch, dataset.minOffset());
        // with --close the last record is the closing one: the broker must take its timestamp too
        long last = config.passes() == 0 ? Long.MAX_VALUE
                : lastEventTime(config, epoch, dataset, schedule) + (config.close() ? ClosingRecords.LEAD.toMillis() : 0);
        TimestampCheck.Timing timing = new TimestampCheck.Timing(first, last, speed, System.currentTimeMillis());
        TimestampCheck.checkRange(timing).forEach(f -> err.println("warning: " + f.message()));
        boolean fatal = false;
        for (String topic : topics) {
            for (TimestampCheck.Finding f : TimestampCheck.check(topic, configOf.apply(topic), timing,
                    config.eventTimeField())) {
                err.println((f.error() ? "error: " : "warning: ") + f.message());
                fatal |= f.error();
            }
        }
        if (fatal) {
            throw new KafkaSetupException("the topics cannot take this replay (see above); nothing was sent");
        }
    }

    /** {@code --resume}: what the topics hold of this replay, checked record by record against a dry run of it. */
    private ResumeFilter resume(Properties client, BddDataset dataset, long epoch) {
        long start = clock.nanoTime();
        PublishedRecords published = PublishedRecords.read(client, config.topics(), ResumeCheck.READ_TIMEOUT);
        ResumePoint point;
        try (ReplaySchedule walk = new ReplaySchedule(dataset, config.clock(), epoch, config.passes(), config.gapMillis(),
                new RowSkips())) {
            point = ResumeCheck.find(published, walk, config.fleet(), config.topics(), config.eventTimeField());
        }
        err.printf("Resuming: the topics hold %,d records of this replay (and %,d of others, left alone; checked in"
                + " %.1f s); publishing the rest%n", point.total(), point.otherRecords(),
                (clock.nanoTime() - start) / 1e9);
        err.flush();
        return point.filter();
    }
}
