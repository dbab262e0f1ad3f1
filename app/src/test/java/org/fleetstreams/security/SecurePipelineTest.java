package org.fleetstreams.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.common.testing.Waits.await;
import static org.fleetstreams.security.SecureRuns.APP_ID;
import static org.fleetstreams.security.SecureRuns.EPOCH;
import static org.fleetstreams.security.SecureRuns.TIMEOUT;
import static org.fleetstreams.security.SecureRuns.TOPICS;
import static org.fleetstreams.security.SecureRuns.createFirst;
import static org.fleetstreams.security.SecureRuns.onInternalTopics;
import static org.fleetstreams.security.SecureRuns.withWrongPassword;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.app.AppTopics;
import org.fleetstreams.common.PropertiesFiles;
import org.fleetstreams.common.admin.TopicReader;
import org.fleetstreams.common.admin.TopicSetup;
import org.fleetstreams.common.broker.BrokerSecurity;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.fleetstreams.common.security.FleetAcls;
import org.fleetstreams.common.security.FleetUsers;
import org.fleetstreams.generate.FleetGenerator;
import org.fleetstreams.security.SecureRuns.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replayer and the app on a SASL_SSL broker with ACLs, logged in as their own users with exactly
 * {@link FleetAcls}: both run end to end; with any one of those ACLs taken away each stops at start with a one-line
 * error naming it, exit code 3, and nothing written (the replayer's {@code --resume} also needs READ on its topics);
 * one revoked while the app runs stops it with one line, exit code
 * 1 and an aborted transaction; a wrong password is an authentication error.
 *
 * <p>One broker for every case, and a small synthetic fleet (2 cars, 30 s): each refused case takes about a second.
 * The cases run in the order a deployment meets them: CREATE while the topics are still missing, the replay, its
 * resume, the app's cases, its run, then the ACLs on internal topics, which exist once Kafka Streams has created them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurePipelineTest {

    private static final Instant LATER_EPOCH = EPOCH.plus(Duration.ofHours(1));

    @TempDir
    static Path dir;

    private EmbeddedKafkaBroker broker;
    private Admin admin;
    private FleetUsers.ClientFiles files;
    private SecureRuns runs;

    @BeforeAll
    void startASecureBrokerWithTheUsersAndTheirAcls() {
        Path fleet = dir.resolve("fleet");
        FleetGenerator.generate(new FleetGenerator.Options(fleet, 2, 30, 7, 4));
        broker = EmbeddedKafkaBroker.builder().security(BrokerSecurity.create(dir.resolve("secure"))).start();
        files = FleetUsers.setUp(broker, dir.resolve("secure"), TOPICS, APP_ID);
        admin = Admin.create(broker.clientProperties());
        runs = new SecureRuns(broker, admin, files, fleet, dir);
    }

    @AfterAll
    void stop() {
        admin.close();
        broker.close();
    }

    @Test
    @Order(1)
    void theReplayerStopsAtEachMissingAclBeforeItSendsAnything() {
        for (AclBinding acl : createFirst(FleetAcls.replayer("User:" + FleetUsers.REPLAYER, TOPICS))) {
            Run run = runs.withoutAcl(acl, () -> runs.replay(files.replayer()));

            runs.assertRefused(run, acl);
        }
        assertThat(runs.committed(TOPICS.inputs())).as("records in the inputs").isZero();
    }

    @Test
    @Order(2)
    void theReplayerRunsWithExactlyItsAcls() {
        Run run = runs.replay(files.replayer());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(runs.committed(TOPICS.inputs())).isGreaterThan(1_000);
    }

    @Test
    @Order(3)
    void theReplayerResumesWithReadOnItsTopicsAndStopsAtStartWithoutIt() {
        long published = runs.committed(TOPICS.inputs());
        for (AclBinding acl : FleetAcls.replayerResume("User:" + FleetUsers.REPLAYER, TOPICS)) {
            Run run = runs.withoutAcl(acl, () -> runs.replay(files.replayer(), EPOCH.toString(), "--resume"));

            runs.assertRefused(run, acl);
        }
        assertThat(runs.committed(TOPICS.inputs())).as("records in the inputs after the refused resumes").isEqualTo(published);

        // with its ACLs the resume reads the topics, finds the whole replay there and publishes nothing twice
        Run run = runs.replay(files.replayer(), EPOCH.toString(), "--resume");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).containsPattern("Resuming: the topics hold [1-9][0-9,]* records of this replay");
        assertThat(runs.committed(TOPICS.inputs())).as("records in the inputs after the resume").isEqualTo(published);
    }

    @Test
    @Order(4)
    void theAppStopsAtEachMissingAclBeforeItWritesAnything() {
        for (AclBinding acl : createFirst(FleetAcls.app("User:" + FleetUsers.APP, TOPICS, APP_ID))) {
            if (onInternalTopics(acl) && acl.entry().operation() != AclOperation.CREATE) {
                continue; // Kafka Streams creates its internal topics on its first run: see the last case
            }
            Run run = runs.withoutAcl(acl, () -> runs.app(files.app()));

            runs.assertRefused(run, acl);
        }
        assertThat(runs.committed(TOPICS.outputs())).as("committed records in the outputs").isZero();
    }

    @Test
    @Order(5)
    void theAppRunsWithExactlyItsAclsAndStopsWithOneLineWhenOneIsRevokedWhileItRuns() throws Exception {
        CompletableFuture<Run> app = new CompletableFuture<>();
        Thread thread = new Thread(() -> app.complete(runs.app(files.app())), "secure-app");
        thread.start();
        AclBinding writeJoined = FleetAcls.app("User:" + FleetUsers.APP, TOPICS, APP_ID).stream()
                .filter(acl -> acl.pattern().name().equals(TOPICS.joined())
                        && acl.entry().operation() == AclOperation.WRITE).findFirst().orElseThrow();
        Run run;
        try {
            // it runs: every input record committed, joined output there
            try (Admin adminClient = Admin.create(broker.clientProperties())) {
                TopicSetup setup = new TopicSetup(adminClient, TIMEOUT);
                await("every input record committed and joined output, or the app stopped").atMost(TIMEOUT)
                        .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                            if (!app.isDone()) {
                                assertThat(setup.groupLag(APP_ID, TOPICS.inputs())).as("input records not committed")
                                        .isZero();
                                assertThat(runs.committed(List.of(TOPICS.joined()))).as("joined records committed")
                                        .isPositive();
                            }
                        });
                assertThat(app).as("the app stopped early").isNotDone();
                assertThat(setup.groupLag(APP_ID, TOPICS.inputs())).as("input records not committed").isZero();
            }
            assertThat(runs.committed(List.of(TOPICS.joined()))).isPositive();

            // its WRITE on the joined topic is revoked, and new input comes, an hour later in event time
            FleetUsers.revoke(admin, writeJoined);
            assertThat(runs.replay(files.replayer(), LATER_EPOCH.toString()).code()).isZero();
            run = app.get(120, TimeUnit.SECONDS);
        } finally {
            thread.interrupt();
            FleetUsers.grant(admin, List.of(writeJoined));
        }

        assertThat(run.code()).as(run.err()).isEqualTo(1);
        assertThat(run.errorLine()).startsWith("error: not authorized to use topic " + TOPICS.joined()
                + " as User:app: grant its ACLs");
        // the transaction holding the refused write was aborted: read_committed readers see nothing of the new input
        assertThat(TopicReader.readAll(broker.clientProperties(), TOPICS.joined(), TIMEOUT))
                .allSatisfy(r -> assertThat(r.timestamp()).isLessThan(LATER_EPOCH.toEpochMilli()));
    }

    @Test
    @Order(6)
    void onceItsInternalTopicsExistTheAppChecksThoseAclsToo() {
        long before = runs.committed(TOPICS.outputs());
        List<AclBinding> internal = FleetAcls.app("User:" + FleetUsers.APP, TOPICS, APP_ID).stream()
                .filter(acl -> onInternalTopics(acl) && acl.entry().operation() != AclOperation.CREATE).toList();
        assertThat(internal).isNotEmpty();
        for (AclBinding acl : internal) {
            Run run = runs.withoutAcl(acl, () -> runs.app(files.app()));

            runs.assertRefused(run, acl);
        }
        assertThat(runs.committed(TOPICS.outputs())).as("committed records in the outputs").isEqualTo(before);
    }

    /**
     * A restart with exactly the app's ACLs, its outputs there from its first run: the check that an existing output is
     * not compacted reads the topic's settings, which needs DESCRIBE_CONFIGS, an ACL the app is not given. Reading
     * them unguarded made every restart on a secured cluster fail (exit 3).
     */
    @Test
    @Order(7)
    void aRestartWithExactlyItsAclsGetsPastTheTopicChecks() {
        AppConfig config = AppConfig.defaults(broker.bootstrapServers(), TOPICS).withApplicationId(APP_ID)
                .withOverrides(PropertiesFiles.load(files.app()));

        AppTopics.Prepared prepared = AppTopics.prepare(config, TIMEOUT, new PrintWriter(new StringWriter(), true));

        assertThat(prepared.partitions()).isPositive();
    }

    @Test
    @Order(8)
    void aWrongPasswordIsAClearAuthenticationError() throws IOException {
        Path wrongReplayer = withWrongPassword(files.replayer());
        Path wrongApp = withWrongPassword(files.app());

        Run replayer = runs.replay(wrongReplayer);
        Run app = runs.app(wrongApp);

        assertThat(replayer.code()).isEqualTo(3);
        assertThat(replayer.errorLine()).startsWith("error: authentication failed: Kafka rejected the SCRAM login of"
                + " User:replayer; check the user name and password in sasl.jaas.config");
        assertThat(app.code()).isEqualTo(3);
        assertThat(app.errorLine()).startsWith("error: authentication failed: Kafka rejected the SCRAM login of"
                + " User:app; check the user name and password in sasl.jaas.config");
    }
}
