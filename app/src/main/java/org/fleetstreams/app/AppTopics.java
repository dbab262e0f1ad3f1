package org.fleetstreams.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.StreamsConfig;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.admin.KafkaSetupException;
import org.fleetstreams.common.admin.SettingProbe;
import org.fleetstreams.common.admin.TopicSettings;
import org.fleetstreams.common.admin.TopicSetup;
import org.fleetstreams.common.security.AccessCheck;
import org.fleetstreams.common.security.FleetAcls;
import org.fleetstreams.ingest.Ingest;

/** The app's topic checks before it starts, shared by {@link FleetApp} and the demo. */
public final class AppTopics {

    /** How often an app waiting for its inputs without a limit says it still waits. */
    static final int STILL_WAITING_S = 30;

    private AppTopics() {
    }

    /**
     * Checks the inputs (exist, co-partitioned) and creates the missing outputs with the inputs' partition count and
     * the replay-friendly topic config (retention -1: outputs carry the inputs' event times, which can be years old);
     * existing outputs keep their partition counts, and may not be compacted (one that deletes by the records' own
     * timestamps after a finite retention, or refuses timestamps far ahead, gets a note: {@link #retentionNote}).
     *
     * @return the inputs' partition count (the created outputs' too), and how the brokers name a setting the app gives its topics
     * @throws KafkaSetupException with a one-line reason when Kafka is unreachable, refuses the login or an ACL the
     *                             app needs, or the inputs are not usable
     */
    public static Prepared prepare(AppConfig config, Duration timeout, PrintWriter err) {
        return prepare(config, timeout, timeout, err);
    }

    /**
     * As {@link #prepare(AppConfig, Duration, PrintWriter)}, waiting up to {@code inputWait} for a missing input (null:
     * until it exists) rather than {@code timeout}, which then bounds only each call to Kafka.
     */
    public static Prepared prepare(AppConfig config, Duration timeout, Duration inputWait, PrintWriter err) {
        Properties client = config.streamsProperties();
        try (Admin admin = KafkaConnection.connect(client, timeout)) {
            // With a SASL login, every ACL the app needs is checked before it creates or writes anything, and
            // again once its outputs exist; Kafka Streams' own use of them comes after. Not when the admin client,
            // which checks as itself, logs in as another user (admin.sasl.jaas.config): AccessCheck.principal.
            List<AclBinding> needed = AccessCheck.principal(client)
                    .map(principal -> FleetAcls.app(principal, config.topics(), config.applicationId(), config.exactlyOnce()))
                    .orElse(List.of());
            AccessCheck access = new AccessCheck(admin, timeout,
                    client.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
            access.require(needed);
            TopicSetup setup = new TopicSetup(admin, timeout);
            Map<String, Integer> partitions = awaitInputs(setup, config.topics().inputs(), inputWait, err);
            access.require(needed); // again if an input was missing at the first check: nothing created yet
            if (partitions.values().stream().distinct().count() > 1) {
                throw new KafkaSetupException("input topics " + partitions + " (name=partitions) have different"
                        + " partition counts; the per-car join needs them co-partitioned");
            }
            int count = partitions.values().iterator().next();
            List<String> limits = timestampLimits(setup, admin, timeout, config);
            // Replication -1 is the cluster's default.replication.factor, as Kafka Streams uses for its internal
            // topics: 1 on the demo broker, 3 on a cluster set up for exactly-once (docs/reliability.md).
            TopicSetup.Result result = outputs(setup, config.topics().outputs(), count, limits);
            access.require(needed);
            result.notes().forEach(n -> err.println("note: " + n));
            if (!result.created().isEmpty()) {
                err.println("Created output topics " + result.created() + " with " + count + " partitions, "
                        + result.settings());
            }
            config.topics().outputs().stream().filter(t -> !result.created().contains(t))
                    .forEach(t -> settings(setup, t).ifPresent(s -> {
                        timestampNote("output", t, s).ifPresent(n -> err.println("note: " + n));
                        retentionNote(t, s).ifPresent(n -> err.println("note: " + n));
                    }));
            // Changelogs made by an earlier build (or by Kafka Streams before it was given the setting) keep theirs.
            changelogs(admin, config.applicationId(), timeout).forEach(t -> settings(setup, t)
                    .flatMap(s -> timestampNote("changelog", t, s)).ifPresent(n -> err.println("note: " + n)));
            return new Prepared(count, limits);
        }
    }

    /**
     * Creates the missing outputs with the inputs' partition count; an existing one keeps its count (nothing joins
     * outputs: each sink spreads its records by ride over whatever partitions it has), but not a compacted one, which
     * keeps only each ride's newest record and refuses a dead letter without a key (where the app may read the
     * topic's settings: on a cluster with ACLs it needs DESCRIBE_CONFIGS for that, which it is not given).
     */
    private static TopicSetup.Result outputs(TopicSetup setup, List<String> outputs, int count, List<String> limits) {
        Map<String, Integer> existing = setup.partitions(outputs);
        for (String topic : existing.keySet()) {
            Map<String, String> settings;
            try {
                settings = setup.config(topic);
            } catch (KafkaSetupException e) {
                if (e.getCause() instanceof ExecutionException x && x.getCause() instanceof AuthorizationException) {
                    continue; // reading a topic's settings needs an ACL the app is not given (docs/security.md)
                }
                throw e;
            }
            if (TopicSettings.compacts(settings)) {
                throw new KafkaSetupException("output topic " + topic + " is compacted (cleanup.policy names compact):"
                        + " it would keep only each ride's newest record, and refuses a dead letter without a key;"
                        + " kafka-configs.sh --alter --entity-type topics --entity-name " + topic
                        + " --add-config cleanup.policy=delete, or use another --topic-prefix");
            }
        }
        List<String> missing = outputs.stream().filter(t -> !existing.containsKey(t)).toList();
        return missing.isEmpty() ? new TopicSetup.Result(count, List.of(), List.of(), Map.of())
                : setup.ensure(missing, count, (short) -1, TopicSettings.defaultTopicConfig(limits));
    }

    /**
     * What the checks found: the inputs' partition count, and the names under which the brokers know the limit on
     * timestamps ahead of the wall clock ({@link TopicSettings#limitNames}).
     */
    public record Prepared(int partitions, List<String> timestampLimits) {

        /**
         * The config Kafka Streams runs with once the inputs are checked: it tells the input check their partition
         * count ({@link Ingest#INPUT_PARTITIONS}, which decides whether a record without a key is its ride's), and
         * each limit the brokers know, unlimited, for the topics Kafka Streams creates (before Kafka 3.6 the older one
         * alone, which leaves the newer one out: {@link AppConfig#streamsProperties}). A setting of the user's own
         * ({@code --config}) is kept.
         */
        public AppConfig applyTo(AppConfig config) {
            Map<String, String> settings = new HashMap<>();
            settings.put(Ingest.INPUT_PARTITIONS, String.valueOf(partitions));
            timestampLimits.stream().map(StreamsConfig::topicPrefix).filter(k -> !config.overrides().containsKey(k))
                    .forEach(k -> settings.put(k, String.valueOf(Long.MAX_VALUE)));
            return config.withOverrides(settings);
        }
    }

    /**
     * The names the brokers give the limit on timestamps ahead of the wall clock (a broker before Kafka 3.6 refuses a
     * topic that names the newer one, 3.6 to 3.9 need both): from the settings of an input topic, or, where this
     * client may not read them (an ACL the app does not otherwise need), from creations that only validate, of a
     * topic under the prefix Kafka Streams creates the app's topics with.
     */
    private static List<String> timestampLimits(TopicSetup setup, Admin admin, Duration timeout, AppConfig config) {
        try {
            return TopicSettings.limitNames(setup.config(config.topics().inputs().get(0)));
        } catch (RuntimeException e) {
            return new SettingProbe(admin, timeout)
                    .limitNames(FleetAcls.internalTopicPrefix(config.applicationId()) + "timestamp-limit-probe");
        }
    }

    /** A topic's settings, read once for every note on it; empty when this client may not read them. */
    private static Optional<Map<String, String>> settings(TopicSetup setup, String topic) {
        try {
            return Optional.of(setup.config(topic));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A note when an output topic someone else created refuses records stamped far ahead of the wall clock: the app
     * stamps its outputs with event time, which a replay faster than real time or a future epoch puts ahead, and a
     * refused write stops it (exactly-once: at every restart too). Empty when the topic takes them.
     */
    static Optional<String> timestampNote(String kind, String topic, Map<String, String> settings) {
        long ahead;
        String limit;
        try {
            ahead = TopicSettings.acceptedAheadMs(settings);
            limit = TopicSettings.binding(settings, true).name();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (ahead == Long.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(kind + " topic " + topic + " refuses records stamped more than " + ahead
                + " ms ahead of the wall clock (" + limit + "); the app stamps"
                + " its outputs with event time, and a replay faster than real time or a future --epoch would stop it"
                + " there: kafka-configs.sh --alter --entity-type topics --entity-name " + topic + " --add-config "
                + limit + "=" + Long.MAX_VALUE);
    }

    /**
     * A note when an output topic someone else created deletes its records by the timestamps the app gives them: with
     * {@code message.timestamp.type=CreateTime} (Kafka's default) and a finite {@code retention.ms} (the broker's
     * default is 7 days), a segment is deleted once its newest timestamp is older than that, and the app stamps its
     * outputs with event time, years old in a replay of old data (replayer {@code --epoch 2017-...}): committed output
     * was lost without a word at the broker's next retention check once a segment rolled. The topics the app creates
     * have {@code retention.ms=-1} for that reason. A note, not a refusal: with live timestamps (the replayer's default
     * epoch is now) a finite retention keeps what it says, and the app cannot know which kind it will be given.
     * Empty when the broker stamps records itself ({@code LogAppendTime}, where retention goes by arrival), or when the
     * retention is unlimited ({@code -1}, or {@link Long#MAX_VALUE}).
     */
    static Optional<String> retentionNote(String topic, Map<String, String> settings) {
        long retentionMs;
        try {
            if (TopicSettings.stampsAppendTime(settings)) {
                return Optional.empty();
            }
            retentionMs = Long.parseLong(settings.getOrDefault(TopicConfig.RETENTION_MS_CONFIG, "-1").strip());
        } catch (NumberFormatException e) { // a value that is no number
            return Optional.empty();
        }
        if (retentionMs < 0 || retentionMs == Long.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of("output topic " + topic + " deletes records by their own timestamps ("
                + TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG + "=" + TimestampType.CREATE_TIME.name + ") once older than "
                + TopicConfig.RETENTION_MS_CONFIG + "=" + retentionMs + "; the app stamps its outputs with event time,"
                + " and a replay of old data (an --epoch in the past) would lose committed output at the broker's next"
                + " retention check once a segment rolls: kafka-configs.sh --alter --entity-type topics --entity-name "
                + topic + " --add-config " + TopicConfig.RETENTION_MS_CONFIG + "=-1 (or "
                + TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG + "=" + TimestampType.LOG_APPEND_TIME.name
                + "); with live timestamps a finite retention is fine");
    }

    /** The application's changelog topics that exist (none before its first run); empty when they cannot be listed. */
    private static List<String> changelogs(Admin admin, String applicationId, Duration timeout) {
        try {
            return admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-changelog")).sorted().toList();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        }
    }

    /**
     * The inputs' partition counts, once both exist: the app may be started before the replayer that creates them (the
     * README's two commands, {@code replayer.jar --embedded-broker ... &} then the app, with its broker up and its
     * topics not yet created; or the app first, against a cluster), so a missing input is waited for, up to
     * {@code wait} (the app's {@code --input-timeout}), or, when null (its default), until it exists, saying so every
     * {@value #STILL_WAITING_S} s.
     */
    private static Map<String, Integer> awaitInputs(TopicSetup setup, List<String> inputs, Duration wait, PrintWriter err) {
        long start = System.nanoTime();
        long nextNote = start + Duration.ofSeconds(STILL_WAITING_S).toNanos();
        String lastFailure = null;
        for (boolean said = false; ; said = true) {
            Map<String, Integer> partitions = Map.of();
            boolean failed = false;
            try {
                partitions = setup.partitions(inputs);
            } catch (KafkaSetupException e) {
                if (!passing(e) || wait != null && System.nanoTime() - start - wait.toNanos() >= 0) {
                    throw e;
                }
                failed = true; // Kafka slow or a leader moving: asked again
                lastFailure = e.getMessage();
            }
            Map<String, Integer> found = partitions;
            List<String> missing = inputs.stream().filter(t -> !found.containsKey(t)).toList();
            if (missing.isEmpty()) {
                return partitions;
            }
            long now = System.nanoTime();
            if (!said) {
                err.println("Waiting " + (wait == null ? "" : "up to " + wait.toSeconds() + " s ") + "for input topic(s) "
                        + missing + " (the replayer creates them" + (wait == null ? "; Ctrl-C stops the app)" : ")"));
            } else if (wait != null && now - start - wait.toNanos() >= 0) {
                throw new KafkaSetupException("input topic " + missing.get(0) + " does not exist (waited "
                        + wait.toSeconds() + " s); start the replayer first (it creates both inputs) or check --topic-prefix");
            } else if (now - nextNote >= 0) {
                err.println("Still waiting for input topic(s) " + missing + " (" + (now - start) / 1_000_000_000L
                        + " s; check --topic-prefix" + (lastFailure == null ? "" : "; last failed look: " + lastFailure)
                        + ")");
                lastFailure = null;
                nextNote = now + Duration.ofSeconds(STILL_WAITING_S).toNanos();
            }
            err.flush();
            try {
                Thread.sleep(failed ? 1_000 : 250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaSetupException("interrupted while waiting for the input topics", e);
            }
        }
    }

    /** A failed look that asking again may mend: Kafka slow to answer, or a retriable error (a leader moving). */
    static boolean passing(KafkaSetupException e) {
        Throwable cause = e.getCause();
        return cause instanceof TimeoutException
                || cause instanceof ExecutionException x
                && x.getCause() instanceof RetriableException;
    }
}
