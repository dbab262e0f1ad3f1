package org.fleetstreams.common.security;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.fleetstreams.common.admin.AccessErrors;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.admin.KafkaSetupException;

/**
 * Checks, as the client itself and before it writes anything, that it holds the ACLs it needs ({@link FleetAcls}),
 * so a missing one is a one-line error at start and not a producer failing half-way through a replay.
 *
 * <p>Kafka has no "may I?" request, so each kind of ACL is checked with a harmless one: a topic's authorized
 * operations (DescribeTopics), a create with {@code validateOnly} (CREATE), a group's authorized operations, an
 * InitProducerId of an unused id under the transactional-id prefix ({@code fenceProducers}: WRITE). What cannot be
 * checked yet is left to the moment it is used, where {@link AccessErrors#describe} still names it: operations on a
 * topic that does not exist yet (callers check again after creating their topics), on internal topics before Kafka
 * Streams first created them, and READ on a consumer group that does not exist yet (a first run: Kafka describes
 * no operations of a missing group, and the only requests that need READ would join or commit to it).
 */
public final class AccessCheck {

    private static final String PROBE = "acl-check";

    private final Admin admin;
    private final Duration timeout;
    private final String bootstrapServers;

    /** @param bootstrapServers the client's {@code bootstrap.servers}, for the grant command an error prints */
    public AccessCheck(Admin admin, Duration timeout, String bootstrapServers) {
        this.admin = admin;
        this.timeout = timeout;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * The user to check the ACLs of at start: the SASL user of {@code clientConfig} (its producers' and consumers'
     * login), when its admin client ({@link KafkaConnection#adminConfig}), which runs the check as itself, logs in as
     * that user too. Empty without a SASL user, and when an {@code admin.sasl.jaas.config} logs the admin client in as
     * another: the check would then test that user's grants under this one's name, passing or refusing for the wrong
     * user. A missing ACL then stops the client when it is first used, with the same one-line error.
     */
    public static Optional<String> principal(Map<?, ?> clientConfig) {
        Optional<String> user = AccessErrors.principal(clientConfig);
        return user.equals(AccessErrors.principal(KafkaConnection.adminConfig(clientConfig))) ? user : Optional.empty();
    }

    /** @throws KafkaSetupException with {@link AccessErrors#missing} for the first ACL in {@code needed} not held */
    public void require(List<AclBinding> needed) {
        Map<String, Seen> topics = new HashMap<>();
        for (AclBinding acl : needed) {
            if (!holds(acl, topics)) {
                throw new KafkaSetupException(AccessErrors.missing(acl, bootstrapServers));
            }
        }
    }

    private boolean holds(AclBinding acl, Map<String, Seen> topics) {
        ResourcePattern r = acl.pattern();
        AclOperation op = acl.entry().operation();
        boolean prefixed = r.patternType() == PatternType.PREFIXED;
        switch (r.resourceType()) {
            case TOPIC:
                if (op == AclOperation.CREATE) {
                    return !prefixed && describe(r.name(), topics).exists() || mayCreate(prefixed ? r.name() + PROBE : r.name());
                }
                if (prefixed) {
                    // A client sees only the topics it may describe (READ or WRITE imply DESCRIBE): with neither, the
                    // internal topics are missing from the list and "all of them allowed" held. An unused name under
                    // the prefix tells: "unknown" to a client that may describe it, "not authorized" to one that may not.
                    return !describe(r.name() + PROBE, topics).hidden()
                            && topicsPrefixed(r.name()).stream().allMatch(t -> allowed(t, op, topics));
                }
                Seen seen = describe(r.name(), topics);
                // A topic that does not exist yet is checked again once its owner has created it.
                return !seen.exists() && !seen.hidden() || allowed(r.name(), op, topics);
            case GROUP:
                return groupAllows(r.name(), op);
            case TRANSACTIONAL_ID:
                return transactionalIdAllowed(prefixed ? r.name() + PROBE : r.name());
            default:
                return true;
        }
    }

    /** What this client sees of a topic: its authorized operations, or that it is missing, or hidden from it. */
    private record Seen(boolean hidden, Set<AclOperation> operations) {
        boolean exists() {
            return operations != null;
        }
    }

    private Seen describe(String topic, Map<String, Seen> cache) {
        return cache.computeIfAbsent(topic, t -> {
            try {
                return new Seen(false, await(admin.describeTopics(List.of(t), new DescribeTopicsOptions()
                        .includeAuthorizedOperations(true)).allTopicNames()).get(t).authorizedOperations());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return new Seen(false, null);
                }
                if (e.getCause() instanceof TopicAuthorizationException) {
                    return new Seen(true, null);
                }
                throw failed("describe topic " + t, e);
            }
        });
    }

    private boolean allowed(String topic, AclOperation op, Map<String, Seen> cache) {
        Seen seen = describe(topic, cache);
        return seen.exists() && seen.operations().contains(op);
    }

    private boolean mayCreate(String topic) {
        try {
            await(admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())),
                    new CreateTopicsOptions().validateOnly(true)).all());
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                return false;
            }
            return true; // exists already, or a reason unrelated to ACLs that creating it will report
        }
    }

    private List<String> topicsPrefixed(String prefix) {
        try {
            return await(admin.listTopics().names()).stream().filter(t -> t.startsWith(prefix)).toList();
        } catch (ExecutionException e) {
            throw failed("list topics", e);
        }
    }

    private boolean groupAllows(String group, AclOperation op) {
        try {
            Set<AclOperation> ops = await(admin.describeConsumerGroups(List.of(group),
                    new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true)).all()).get(group)
                    .authorizedOperations();
            return ops == null || ops.contains(op);
        } catch (ExecutionException e) {
            return !(e.getCause() instanceof GroupAuthorizationException);
        }
    }

    /**
     * WRITE on a transactional id, which a producer needs to start its transactions: "fence" the probe id, an
     * InitProducerId for it, the request a transactional producer makes first and that Kafka authorizes as WRITE. A
     * DescribeTransactions, the check before, needs only DESCRIBE, so a DESCRIBE-only grant passed it and the app
     * failed later, after creating its outputs. The probe id ({@code <prefix>acl-check}) is used by no producer; the
     * broker keeps its state until {@code transactional.id.expiration.ms} (7 days by default).
     */
    private boolean transactionalIdAllowed(String id) {
        try {
            await(admin.fenceProducers(List.of(id)).all());
            return true;
        } catch (ExecutionException e) {
            return !(e.getCause() instanceof TransactionalIdAuthorizationException);
        }
    }

    private <T> T await(KafkaFuture<T> future) throws ExecutionException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new KafkaSetupException("checking this client's ACLs did not finish within " + timeout.toSeconds()
                    + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted", e);
        }
    }

    private static KafkaSetupException failed(String what, ExecutionException e) {
        return new KafkaSetupException("cannot " + what + " to check this client's ACLs: " + e.getCause().getMessage(), e);
    }
}
