package org.fleetstreams.common.broker;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * How the embedded broker is secured when {@link EmbeddedKafkaBroker.Builder#security} is given: one SASL_SSL
 * listener (SCRAM-SHA-512 over TLS from a {@link SelfSignedCa}) for every client, and Kafka's
 * {@code StandardAuthorizer} with ACLs, denying whatever no ACL allows.
 *
 * <p>Only two principals are super users: {@code User:broker}, the node itself (inter-broker and controller
 * traffic: transaction markers, registration), and {@code User:admin}, the setup admin that creates the apps' users
 * and ACLs. The apps get their own users with only their ACLs ({@code common.security.FleetAcls}). The controller
 * listener is SASL_PLAINTEXT with PLAIN and a password only the node knows, bound to 127.0.0.1: KRaft controllers
 * cannot use SCRAM (its credentials live in the metadata the controller serves), and a PLAINTEXT controller port
 * would make {@code User:ANONYMOUS} a super user to anyone on the machine.
 */
public record BrokerSecurity(SelfSignedCa.Stores stores, String brokerPassword, String adminPassword) {

    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String BROKER_USER = "broker";
    public static final String ADMIN_USER = "admin";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new CA and broker certificate in {@code dir}, and new random passwords for the node and the admin. */
    public static BrokerSecurity create(Path dir) {
        return new BrokerSecurity(SelfSignedCa.issue(dir, newPassword(), newPassword()), newPassword(), newPassword());
    }

    /** 24 random URL-safe characters: safe inside a JAAS line's quotes and a properties file. */
    public static String newPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The settings a client needs to log in as {@code user}: SASL_SSL, SCRAM-SHA-512, the CA truststore. */
    public Properties clientProperties(String user, String password) {
        Properties p = new Properties();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", scramLogin(user, password));
        p.put("ssl.truststore.location", stores.truststore().toAbsolutePath().toString());
        p.put("ssl.truststore.password", stores.truststorePassword());
        p.put("ssl.truststore.type", "PKCS12");
        return p;
    }

    /** Broker settings on top of the plain ones: listeners, TLS, SASL, the authorizer. */
    Properties brokerProperties(int clientPort, int controllerPort) {
        Properties p = new Properties();
        p.put("listeners", "SASL_SSL://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "SASL_SSL://localhost:" + clientPort);
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", "SASL_SSL");
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", scramLogin(BROKER_USER, brokerPassword));
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.controller.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule"
                + " required username=\"" + BROKER_USER + "\" password=\"" + brokerPassword + "\" user_" + BROKER_USER
                + "=\"" + brokerPassword + "\";");
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", stores.keystore().toAbsolutePath().toString());
        p.put("ssl.keystore.password", stores.keystorePassword());
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", stores.truststore().toAbsolutePath().toString());
        p.put("ssl.truststore.password", stores.truststorePassword());
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + BROKER_USER + ";User:" + ADMIN_USER);
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    /** {@code kafka-storage format} arguments that put the node's and the admin's SCRAM users in the metadata log. */
    List<String> formatArguments() {
        return List.of("--add-scram", MECHANISM + "=[name=" + BROKER_USER + ",password=" + brokerPassword + "]",
                "--add-scram", MECHANISM + "=[name=" + ADMIN_USER + ",password=" + adminPassword + "]");
    }

    private static String scramLogin(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    @Override
    public String toString() {
        return "BrokerSecurity[SASL_SSL " + MECHANISM + ", truststore " + stores.truststore() + "]";
    }
}
