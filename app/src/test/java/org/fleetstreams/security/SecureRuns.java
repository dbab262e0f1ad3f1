package org.fleetstreams.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.common.testing.Waits.await;

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
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.AclCommand;
import org.awaitility.core.ConditionTimeoutException;
import org.fleetstreams.app.FleetApp;
import org.fleetstreams.common.PropertiesFiles;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.TopicReader;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.fleetstreams.common.security.FleetAcls;
import org.fleetstreams.common.security.FleetUsers;
import org.fleetstreams.replay.ReplayerCli;
import picocli.CommandLine;

/**
 * {@link SecurePipelineTest}'s runs on its secure broker: the replayer and the app through their command lines as
 * their own users, with an ACL taken away and granted back by the command the refusal printed, the one-line refusal
 * it must give, and what a read_committed reader sees in the topics.
 */
final class SecureRuns {

    static final Topics TOPICS = Topics.withPrefix("sec");
    static final String APP_ID = TOPICS.defaultApplicationId();
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final Instant EPOCH = Instant.parse("2024-05-01T00:00:00Z");

    private final EmbeddedKafkaBroker broker;
    private final Admin admin;
    private final FleetUsers.ClientFiles files;
    private final Path fleet;
    private final Path dir;

    /** Runs on {@code broker} ({@code admin} its admin client) of {@code fleet}, logs and state in {@code dir}. */
    SecureRuns(EmbeddedKafkaBroker broker, Admin admin, FleetUsers.ClientFiles files, Path fleet, Path dir) {
        this.broker = broker;
        this.admin = admin;
        this.files = files;
        this.fleet = fleet;
        this.dir = dir;
    }

    /** A command's exit code and standard error; whether the refusal's printed command granted the ACL back. */
    record Run(int code, String err, boolean[] grantedAsPrinted) {
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

    void assertRefused(Run run, AclBinding acl) {
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
    Run withoutAcl(AclBinding acl, Supplier<Run> command) {
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
            await("the ACL at the broker").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> admin.describeAcls(acl.toFilter()).values().get(30, TimeUnit.SECONDS).contains(acl));
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    Run replay(Path clientFile) {
        return replay(clientFile, EPOCH.toString());
    }

    Run replay(Path clientFile, String epoch, String... more) {
        List<String> args = new ArrayList<>(List.of("--config", clientFile.toString(), "--bootstrap-servers",
                broker.bootstrapServers(), "--data", fleet.toString(), "--topic-prefix", TOPICS.prefix(), "--speed",
                "max", "--epoch", epoch, "--progress-interval", "0", "--log-file",
                dir.resolve("replayer.log").toString()));
        args.addAll(List.of(more));
        return run(new CommandLine(new ReplayerCli()).setCaseInsensitiveEnumValuesAllowed(true),
                args.toArray(String[]::new));
    }

    Run app(Path clientFile) {
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
    long committed(List<String> topics) {
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

    static boolean onInternalTopics(AclBinding acl) {
        return acl.pattern().name().equals(FleetAcls.internalTopicPrefix(APP_ID));
    }

    /** CREATE first: a topic that exists needs no CREATE, so those cases run while the topics are missing. */
    static List<AclBinding> createFirst(List<AclBinding> acls) {
        List<AclBinding> sorted = new ArrayList<>(acls);
        sorted.sort(Comparator.comparing(acl -> acl.entry().operation() != AclOperation.CREATE));
        return sorted;
    }

    /** A copy of {@code clientFile} beside it whose login has another password. */
    static Path withWrongPassword(Path clientFile) throws IOException {
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
