package org.fleetstreams.common.admin;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The one place that turns Kafka's authentication and authorization failures into one-line errors that say what is
 * missing and how to grant it. The replayer and the app print these and exit non-zero; {@code security.AccessCheck} uses
 * {@link #missing} for what it finds before anything is written.
 */
public final class AccessErrors {

    /**
     * A JAAS option, {@code name=value}, its value in one of JAAS's three forms: double-quoted, single-quoted or a bare
     * word. Matched one after another, so text inside another option's quotes (a password) is never read as one.
     */
    private static final Pattern OPTION = Pattern.compile("([\\w.\\-]+)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s;\"']+))");
    private static final String POLICY = "see docs/security.md";
    private static final String JAAS = "sasl.jaas.config";

    private AccessErrors() {
    }

    /**
     * {@code not authorized to WRITE topic bdd-joined: grant it to User:app (kafka-acls.sh --bootstrap-server
     * localhost:9092 --command-config admin.properties --add --allow-principal User:app --operation Write --topic
     * bdd-joined)}: a command an admin can paste, given the client properties of a user allowed to alter ACLs.
     *
     * @param bootstrapServers the cluster the client was refused by, as its {@code bootstrap.servers} names it
     */
    public static String missing(AclBinding acl, String bootstrapServers) {
        ResourcePattern r = acl.pattern();
        String principal = acl.entry().principal();
        String operation = acl.entry().operation().name();
        boolean prefixed = r.patternType() == PatternType.PREFIXED;
        String resource = r.resourceType().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        String option = switch (r.resourceType()) {
            case GROUP -> "--group";
            case TRANSACTIONAL_ID -> "--transactional-id";
            case CLUSTER -> "--cluster"; // takes no name: a cluster has one
            default -> "--topic";
        };
        String target = r.resourceType() == ResourceType.CLUSTER ? option : option + " " + r.name();
        return "not authorized to " + operation + " " + resource + (prefixed ? "s prefixed " : " ") + r.name()
                + ": grant it to " + principal + " (kafka-acls.sh --bootstrap-server " + bootstrapServers
                + " --command-config admin.properties --add --allow-principal " + principal
                + " --operation " + camel(operation) + " " + target
                + (prefixed ? " --resource-pattern-type prefixed" : "") + ")";
    }

    /**
     * A one-line reason when {@code failure} or one of its causes is an authentication or authorization failure,
     * e.g. a stream thread's producer refused mid-run; empty for anything else.
     *
     * @param clientConfig the client's settings, for the user it logged in as
     */
    public static Optional<String> describe(Throwable failure, Map<?, ?> clientConfig) {
        String principal = principal(clientConfig).orElse("this client");
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SaslAuthenticationException) {
                return Optional.of("authentication failed: Kafka rejected the SCRAM login of " + principal
                        + "; check the user name and password in sasl.jaas.config (Kafka: " + t.getMessage() + ")");
            }
            if (t instanceof SslAuthenticationException) {
                return Optional.of("TLS handshake with Kafka failed: check that ssl.truststore.location holds the"
                        + " broker's CA certificate (" + rootMessage(t) + ")");
            }
            if (t instanceof TopicAuthorizationException e) {
                return Optional.of("not authorized to use topic " + String.join(", ", e.unauthorizedTopics())
                        + " as " + principal + ": grant its ACLs (" + POLICY + ")");
            }
            if (t instanceof GroupAuthorizationException e) {
                return Optional.of("not authorized to READ group " + e.groupId() + ": grant it to " + principal
                        + " (" + POLICY + ")");
            }
            if (t instanceof TransactionalIdAuthorizationException) {
                return Optional.of("not authorized to WRITE its transactional id: grant WRITE on transactional ids"
                        + " prefixed with the application.id to " + principal + " (" + POLICY + ")");
            }
            if (t instanceof ClusterAuthorizationException) {
                return Optional.of("not authorized on the cluster as " + principal + ": " + t.getMessage());
            }
            if (t instanceof AuthorizationException) {
                return Optional.of("not authorized as " + principal + ": " + t.getMessage() + " (" + POLICY + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * {@code User:NAME} of a client config that logs in with SASL; empty for other clients. A {@code sasl.jaas.config}
     * that comes from a config provider ({@code ${file:/path:key}}) is read as the client reads it: resolved with the
     * config's own {@code config.providers}.
     */
    public static Optional<String> principal(Map<?, ?> clientConfig) {
        Matcher m = OPTION.matcher(jaas(clientConfig));
        while (m.find()) {
            if (m.group(1).equals("username")) {
                return Optional.of("User:" + (m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4)));
            }
        }
        return Optional.empty();
    }

    /**
     * The {@code sasl.jaas.config} text, its {@code ${provider:path:key}} references resolved with the config's own
     * {@code config.providers}, as every Kafka client resolves them ({@link AbstractConfig} does it for each); before,
     * the reference itself was searched for a user name, found none, and the start-up ACL check was skipped. Only the
     * JAAS line and the providers' settings are handed over, and only when the line holds a reference: a plain config
     * costs nothing. A provider that fails leaves the text as given (no user, no check): the client itself then fails
     * on the same reference with Kafka's own error.
     */
    private static String jaas(Map<?, ?> clientConfig) {
        Object value = clientConfig.get(JAAS);
        String text = value == null ? "" : value.toString();
        if (!text.contains("${")) {
            return text;
        }
        Map<String, Object> referenced = new HashMap<>();
        clientConfig.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (key.equals(JAAS) || key.startsWith(AbstractConfig.CONFIG_PROVIDERS_CONFIG)) {
                referenced.put(key, v);
            }
        });
        try {
            Object resolved = new AbstractConfig(new ConfigDef(), referenced, false).originals().get(JAAS);
            return resolved == null ? text : resolved.toString();
        } catch (KafkaException e) {
            return text;
        }
    }

    private static String camel(String operation) {
        StringBuilder out = new StringBuilder();
        for (String word : operation.toLowerCase(Locale.ROOT).split("_")) {
            out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return out.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
