package org.fleetstreams.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.AclCommand;
import org.fleetstreams.app.FleetApp;
import org.fleetstreams.common.PropertiesFiles;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.TopicReader;
import org.fleetstreams.common.admin.TopicSetup;
import org.fleetstreams.common.broker.BrokerSecurity;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.fleetstreams.common.security.FleetAcls;
import org.fleetstreams.common.security.FleetUsers;
import org.fleetstreams.generate.FleetGenerator;
import org.fleetstreams.replay.ReplayerCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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

    private static final Topics TOPICS = Topics.withPrefix("sec");
    private static final String APP_ID = TOPICS.defaultApplicationId();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant EPOCH = Instant.parse("2024-05-01T00:00:00Z");
    private static final Instant LATER_EPOCH = EPOCH.plus(Duration.ofHours(1));

    @TempDir
    static Path dir;

    private EmbeddedKafkaBroker broker;
    private Admin admin;
    private FleetUsers.ClientFiles files;
    private Path fleet;

    @BeforeAll
    void startASecureBrokerWithTheUsersAndTheirAcls() {
        fleet = dir.resolve("fleet");
        FleetGenerator.generate(new FleetGenerator.Options(fleet, 2, 30, 7, 4));
        broker = EmbeddedKafkaBroker.builder().security(BrokerSecurity.create(dir.resolve("secure"))).start();
        files = FleetUsers.setUp(broker, dir.resolve("secure"), TOPICS, APP_ID);
        admin = Admin.create(broker.clientProperties());
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
            Run run = withoutAcl(acl, () -> replay(files.replayer()));

            assertRefused(run, acl);
        }
        assertThat(committed(TOPICS.inputs())).as("records in the inputs").isZero();
    }

    @Test
    @Order(2)
    void theReplayerRunsWithExactlyItsAcls() {
        Run run = replay(files.replayer());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(committed(TOPICS.inputs())).isGreaterThan(1_000);
    }

    @Test
    @Order(3)
    void theReplayerResumesWithReadOnItsTopicsAndStopsAtStartWithoutIt() {
        long published = committed(TOPICS.inputs());
        for (AclBinding acl : FleetAcls.replayerResume("User:" + FleetUsers.REPLAYER, TOPICS)) {
            Run run = withoutAcl(acl, () -> replay(files.replayer(), EPOCH.toString(), "--resume"));

            assertRefused(run, acl);
        }
        assertThat(committed(TOPICS.inputs())).as("records in the inputs after the refused resumes").isEqualTo(published);

        // with its ACLs the resume reads the topics, finds the whole replay there and publishes nothing twice
        Run run = replay(files.replayer(), EPOCH.toString(), "--resume");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).containsPattern("Resuming: the topics hold [1-9][0-9,]* records of this replay");
        assertThat(committed(TOPICS.inputs())).as("records in the inputs after the resume").isEqualTo(published);
    }

    @Test
    @Order(4)
    void theAppStopsAtEachMissingAclBeforeItWritesAnything() {
        for (AclBinding acl : createFirst(FleetAcls.app("User:" + FleetUsers.APP, TOPICS, APP_ID))) {
            if (onInternalTopics(acl) && acl.entry().operation() != AclOperation.CREATE) {
                continue; // Kafka Streams creates its internal topics on its first run: see the last case
            }
            Run run = withoutAcl(acl, () -> app(files.app()));

            assertRefused(run, acl);
        }
        assertThat(committed(TOPICS.outputs())).as("committed records in the outputs").isZero();
    }

    @Test
    @Order(5)
    void theAppRunsWithExactlyItsAclsAndStopsWithOneLineWhenOneIsRevokedWhileItRuns() throws Exception {
        CompletableFuture<Run> app = new CompletableFuture<>();
        Thread thread = new Thread(() -> app.complete(app(files.app())), "secure-app");
        thread.start();
        AclBinding writeJoined = FleetAcls.app("User:" + FleetUsers.APP, TOPICS, APP_ID).stream()
                .filter(acl -> acl.pattern().name().equals(TOPICS.joined())
                        && acl.entry().operation() == AclOperation.WRITE).findFirst().orElseThrow();
        Run run;
        try {
            // it runs: every input record committed, joined output there
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            try (Admin adminClient = Admin.create(broker.clientProperties())) {
                TopicSetup setup = new TopicSetup(adminClient, TIMEOUT);
                while ((setup.groupLag(APP_ID, TOPICS.inputs()) > 0 || committed(List.of(TOPICS.joined())) == 0)
                        && System.nanoTime() < deadline && !app.isDone()) {
                    Thread.sleep(250);
                }
            }
            assertThat(app).as("the app stopped early").isNotDone();
            assertThat(committed(List.of(TOPICS.joined()))).isPositive();

            // its WRITE on the joined topic is revoked, and new input comes, an hour later in event time
            FleetUsers.revoke(admin, writeJoined);
            assertThat(replay(files.replayer(), LATER_EPOCH.toString()).code()).isZero();
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
        long before = committed(TOPICS.outputs());
        List<AclBinding> internal = FleetAcls.app("User:" + FleetUsers.APP, TOPICS, APP_ID).stream()
                .filter(acl -> onInternalTopics(acl) && acl.entry().operation() != AclOperation.CREATE).toList();
        assertThat(internal).isNotEmpty();
        for (AclBinding acl : internal) {
            Run run = withoutAcl(acl, () -> app(files.app()));

            assertRefused(run, acl);
        }
        assertThat(committed(TOPICS.outputs())).as("committed records in the outputs").isEqualTo(before);
    }

    @Test
    @Order(7)
    void aWrongPasswordIsAClearAuthenticationError() throws IOException {
        Path wrongReplayer = withWrongPassword(files.replayer());
        Path wrongApp = withWrongPassword(files.app());

        Run replayer = replay(wrongReplayer);
        Run app = app(wrongApp);

        assertThat(replayer.code()).isEqualTo(3);
        assertThat(replayer.errorLine()).startsWith("error: authentication failed: Kafka rejected the SCRAM login of"
                + " User:replayer; check the user name and password in sasl.jaas.config");
        assertThat(app.code()).isEqualTo(3);
        assertThat(app.errorLine()).startsWith("error: authentication failed: Kafka rejected the SCRAM login of"
                + " User:app; check the user name and password in sasl.jaas.config");
    }

    private record Run(int code, String err, boolean[] grantedAsPrinted) {
        Run(int code, String err) {
            this(code, err, new boolean[1]);
        }

        /** The one line starting with "error:". */
        String errorLine() {
            List<String> errors = err.lines().filter(l -> l.startsWith("error:")).toList();
            assertThat(errors).as(err).hasSize(1);
            return errors.get(0);
        }
    }

    private void assertRefused(Run run, AclBinding acl) {
        String resource = switch (acl.pattern().resourceType()) {
            case GROUP -> "group ";
            case TRANSACTIONAL_ID -> "transactional id";
            default -> "topic";
        };
        String prefixed = acl.pattern().patternType() == PatternType.PREFIXED ? "s prefixed " : " ";
        String denied = "error: not authorized to " + acl.entry().operation() + " " + resource.strip() + prefixed
                + acl.pattern().name() + ": grant it to " + acl.entry().principal() + " (kafka-acls.sh --bootstrap-server "
                + broker.bootstrapServers() + " --command-config admin.properties --add";
        assertThat(run.code()).as("exit code without %s%n%s", acl, run.err()).isEqualTo(3);
        assertThat(run.errorLine()).as("without %s", acl).startsWith(denied);
        assertThat(run.grantedAsPrinted()[0]).as("the printed kafka-acls.sh command granted %s", acl).isTrue();
    }

    /**
     * Runs {@code command} without {@code acl}, then grants it back with the kafka-acls.sh command the refusal printed
     * (its admin.properties being the admin's client file), so every printed command is one that works; an ACL that
     * command did not restore is granted directly for the cases that follow, and the refusal fails the test.
     */
    private Run withoutAcl(AclBinding acl, java.util.function.Supplier<Run> command) {
        FleetUsers.revoke(admin, acl);
        Run run = new Run(-1, "");
        try {
            run = command.get();
            return run;
        } finally {
            boolean restored = grantAsPrinted(run) && held(acl);
            if (!restored) {
                FleetUsers.grant(admin, List.of(acl));
            }
            run.grantedAsPrinted[0] = restored;
        }
    }

    private boolean grantAsPrinted(Run run) {
        String line = run.err().lines().filter(l -> l.startsWith("error:") && l.contains("(kafka-acls.sh "))
                .findFirst().orElse("");
        if (line.isEmpty()) {
            return false;
        }
        String command = line.substring(line.indexOf("(kafka-acls.sh ") + "(kafka-acls.sh ".length(), line.lastIndexOf(')'));
        String[] args = command.replace("admin.properties", files.admin().toString()).split(" ");
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("kafka-acls.sh exited " + code + ": " + message);
        });
        try {
            AclCommand.main(args);
            return true;
        } catch (IllegalStateException e) {
            return false;
        } finally {
            Exit.resetExitProcedure();
        }
    }

    /** Whether the broker holds {@code acl}, within 15 s: a new ACL reaches the broker's authorizer shortly after its create returns. */
    private boolean held(AclBinding acl) {
        try {
            for (long deadline = System.nanoTime() + 15_000_000_000L; ; Thread.sleep(100)) {
                if (admin.describeAcls(acl.toFilter()).values().get(30, TimeUnit.SECONDS).contains(acl)
                        || System.nanoTime() > deadline) {
                    return admin.describeAcls(acl.toFilter()).values().get(30, TimeUnit.SECONDS).contains(acl);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Run replay(Path clientFile) {
        return replay(clientFile, EPOCH.toString());
    }

    private Run replay(Path clientFile, String epoch, String... more) {
        List<String> args = new ArrayList<>(List.of("--config", clientFile.toString(), "--bootstrap-servers",
                broker.bootstrapServers(), "--data", fleet.toString(), "--topic-prefix", TOPICS.prefix(), "--speed",
                "max", "--epoch", epoch, "--progress-interval", "0", "--log-file",
                dir.resolve("replayer.log").toString()));
        args.addAll(List.of(more));
        return run(new CommandLine(new ReplayerCli()).setCaseInsensitiveEnumValuesAllowed(true),
                args.toArray(String[]::new));
    }

    private Run app(Path clientFile) {
        return run(FleetApp.commandLine(new FleetApp()), "--config", clientFile.toString(), "--bootstrap-servers",
                broker.bootstrapServers(), "--topic-prefix", TOPICS.prefix(), "--state-dir",
                dir.resolve("state").toString(), "--log-file", dir.resolve("app.log").toString());
    }

    private static Run run(CommandLine command, String... args) {
        StringWriter err = new StringWriter();
        int code = command.setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err, true)).execute(args);
        return new Run(code, err.toString());
    }

    /** Records a read_committed reader sees in these topics (0 for a topic that does not exist). */
    private long committed(List<String> topics) {
        long count = 0;
        for (String topic : topics) {
            if (topicExists(topic)) {
                count += TopicReader.readAll(broker.clientProperties(), topic, TIMEOUT).size();
            }
        }
        return count;
    }

    private boolean topicExists(String topic) {
        try {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean onInternalTopics(AclBinding acl) {
        return acl.pattern().name().equals(FleetAcls.internalTopicPrefix(APP_ID));
    }

    /** CREATE first: a topic that exists needs no CREATE, so those cases run while the topics are missing. */
    private static List<AclBinding> createFirst(List<AclBinding> acls) {
        List<AclBinding> sorted = new ArrayList<>(acls);
        sorted.sort(Comparator.comparing(acl -> acl.entry().operation() != AclOperation.CREATE));
        return sorted;
    }

    private static Path withWrongPassword(Path clientFile) throws IOException {
        Map<String, String> settings = PropertiesFiles.load(clientFile);
        Properties wrong = new Properties();
        wrong.putAll(settings);
        wrong.put("sasl.jaas.config", settings.get("sasl.jaas.config").replaceAll("password=\"[^\"]*\"",
                "password=\"not-the-password\""));
        Path file = clientFile.resolveSibling("wrong-" + clientFile.getFileName());
        try (var out = Files.newOutputStream(file)) {
            wrong.store(out, null);
        }
        return file;
    }
}
