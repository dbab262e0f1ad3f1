package org.fleetstreams.common.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.KafkaSetupException;
import org.fleetstreams.common.broker.BrokerSecurity;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;

/**
 * Sets up a secured embedded broker for the pipeline, as its setup admin: a SCRAM user each for the replayer and the
 * app with a new random password, exactly their {@link FleetAcls}, and one client properties file per user that
 * {@code --config FILE} takes (bootstrap servers, SASL_SSL, SCRAM-SHA-512, the CA truststore).
 */
public final class FleetUsers {

    public static final String REPLAYER = "replayer";
    public static final String APP = "app";

    /** The client properties files written; {@code admin} is the super user's, for kafka-acls.sh and the like. */
    public record ClientFiles(Path replayer, Path app, Path admin) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private FleetUsers() {
    }

    /** Users, ACLs and files for a replay into {@code topics} and an app with {@code applicationId}. */
    public static ClientFiles setUp(EmbeddedKafkaBroker broker, Path dir, Topics topics, String applicationId) {
        BrokerSecurity security = broker.security();
        if (security == null) {
            throw new IllegalArgumentException("the broker is not secured: start it with Builder.security(...)");
        }
        String replayerPassword = BrokerSecurity.newPassword();
        String appPassword = BrokerSecurity.newPassword();
        try (Admin admin = Admin.create(broker.clientProperties())) {
            await(admin.alterUserScramCredentials(List.of(scram(REPLAYER, replayerPassword), scram(APP, appPassword)))
                    .all(), "create the SCRAM users");
            awaitUsers(admin, List.of(REPLAYER, APP));
            List<AclBinding> acls = new ArrayList<>(FleetAcls.replayer("User:" + REPLAYER, topics));
            acls.addAll(FleetAcls.replayerResume("User:" + REPLAYER, topics));
            acls.addAll(FleetAcls.app("User:" + APP, topics, applicationId));
            grant(admin, acls);
        }
        ClientFiles files = clientFiles(dir);
        write(files.replayer(), broker, security.clientProperties(REPLAYER, replayerPassword));
        write(files.app(), broker, security.clientProperties(APP, appPassword));
        write(files.admin(), broker, broker.clientProperties());
        return files;
    }

    /**
     * Creates {@code acls} and waits until the broker's authorizer applies them: the controller acknowledges an ACL
     * before the broker has read it from the metadata log, and a client that starts in that moment is refused.
     */
    public static void grant(Admin admin, List<AclBinding> acls) {
        await(admin.createAcls(acls).all(), "create ACLs");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!new HashSet<>(await(admin.describeAcls(AclBindingFilter.ANY).values(), "describe ACLs")).containsAll(acls)) {
            if (System.nanoTime() > deadline) {
                throw new KafkaSetupException("the broker did not apply the new ACLs within " + TIMEOUT.toSeconds() + " s");
            }
            sleep();
        }
    }

    /** Deletes {@code acl} and waits until the broker's authorizer no longer has it. */
    public static void revoke(Admin admin, AclBinding acl) {
        await(admin.deleteAcls(List.of(acl.toFilter())).all(), "delete an ACL");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (await(admin.describeAcls(acl.toFilter()).values(), "describe ACLs").contains(acl)) {
            if (System.nanoTime() > deadline) {
                throw new KafkaSetupException("the broker still applied a deleted ACL after " + TIMEOUT.toSeconds() + " s");
            }
            sleep();
        }
    }

    private static void awaitUsers(Admin admin, List<String> users) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!await(admin.describeUserScramCredentials().users(), "describe SCRAM users").containsAll(users)) {
            if (System.nanoTime() > deadline) {
                throw new KafkaSetupException("the broker did not know the new users after " + TIMEOUT.toSeconds() + " s");
            }
            sleep();
        }
    }

    private static UserScramCredentialUpsertion scram(String user, String password) {
        // 8192 iterations: Kafka's minimum for SCRAM-SHA-512 is 4096; each login costs the broker about 10 ms.
        return new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                password);
    }

    private static ClientFiles clientFiles(Path dir) {
        return new ClientFiles(dir.resolve("replayer.properties"), dir.resolve("app.properties"),
                dir.resolve("admin.properties"));
    }

    /**
     * Deletes an earlier run's client files in {@code dir}, before a new broker starts: their passwords are stale, and
     * a client waiting for its file (docs/security.md's two commands) must find only the new one, once its user and
     * ACLs exist.
     */
    public static void removeClientFiles(Path dir) {
        ClientFiles files = clientFiles(dir);
        for (Path file : List.of(files.replayer(), files.app(), files.admin())) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the earlier run's " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Written beside it and moved into place: a client that sees the file reads all of it. */
    private static void write(Path file, EmbeddedKafkaBroker broker, Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put("bootstrap.servers", broker.bootstrapServers());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            Files.deleteIfExists(partial);
            try {
                Files.createFile(partial, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(partial);
            }
            try (OutputStream out = Files.newOutputStream(partial)) {
                p.store(out, "written by the embedded broker's secure setup; holds a password, keep it private");
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaSetupException("cannot " + what + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new KafkaSetupException(what + " did not finish within " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted", e);
        }
    }
}
