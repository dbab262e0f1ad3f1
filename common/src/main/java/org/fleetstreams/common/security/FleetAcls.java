package org.fleetstreams.common.security;

import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.fleetstreams.common.Topics;

/**
 * The least-privilege ACLs of the replayer and the app: the one list that the secure setup grants, that each tool
 * checks for itself before it writes anything ({@link AccessCheck}), that docs/security.md explains and that the
 * security tests remove one at a time.
 *
 * <p>No DESCRIBE is granted anywhere: Kafka implies it from READ and WRITE. No cluster permission is needed: an
 * idempotent producer needs only WRITE on a topic since Kafka 3.0 (KIP-679; IDEMPOTENT_WRITE is deprecated).
 */
public final class FleetAcls {

    private FleetAcls() {
    }

    /**
     * The replayer: create its two input topics, read their configs (it checks their timestamp settings before it
     * sends) and write them.
     */
    public static List<AclBinding> replayer(String principal, Topics topics) {
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : topics.inputs()) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, CREATE));
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, WRITE));
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, DESCRIBE_CONFIGS));
        }
        return List.copyOf(acls);
    }

    /**
     * What the replayer needs on top for {@code --resume}: READ on its two input topics, to find what an earlier run
     * already published. A plain replay never reads, so {@link #replayer} leaves it out; the replayer checks these
     * only when it resumes. The read assigns partitions itself, so no group ACL is needed.
     */
    public static List<AclBinding> replayerResume(String principal, Topics topics) {
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : topics.inputs()) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, READ));
        }
        return List.copyOf(acls);
    }

    /**
     * The app with {@code applicationId}: read the inputs; create and write its outputs (dead letters included);
     * its consumer group (= application.id); transactional ids starting with the application.id (exactly_once_v2
     * names them {@code <application.id>-<process id>-<thread>}); and its internal topics
     * ({@code <application.id>-<store>-changelog}): create, write, and read (to restore a store after a restart or
     * a move). Not DESCRIBE_CONFIGS: with the classic rebalance protocol Kafka Streams 4.3 only describes and creates
     * internal topics ({@code InternalTopicManager.makeReady}); its config-validating path is not used. Nor DELETE:
     * the topology has no repartition topic to purge.
     */
    public static List<AclBinding> app(String principal, Topics topics, String applicationId) {
        return app(principal, topics, applicationId, true);
    }

    /**
     * {@link #app(String, Topics, String)}, with the transactional ids only when {@code exactlyOnce}: at_least_once
     * producers have no transactional id.
     */
    public static List<AclBinding> app(String principal, Topics topics, String applicationId, boolean exactlyOnce) {
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : topics.inputs()) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, READ));
        }
        // CREATE first: it is needed only while an output is missing, so a check meets it before the others.
        for (String topic : topics.outputs()) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, CREATE));
        }
        for (String topic : topics.outputs()) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, WRITE));
        }
        acls.add(allow(principal, ResourceType.GROUP, applicationId, PatternType.LITERAL, READ));
        if (exactlyOnce) {
            // with the dash: the prefix "fleetstreams-Doe" would also cover the producers of "fleetstreams-DoeJane"
            acls.add(allow(principal, ResourceType.TRANSACTIONAL_ID, transactionalIdPrefix(applicationId),
                    PatternType.PREFIXED, WRITE));
        }
        String internal = internalTopicPrefix(applicationId);
        for (AclOperation op : List.of(CREATE, READ, WRITE)) {
            acls.add(allow(principal, ResourceType.TOPIC, internal, PatternType.PREFIXED, op));
        }
        return List.copyOf(acls);
    }

    /** Kafka Streams names its producers' transactional ids {@code <application.id>-<process id>-<thread>}. */
    public static String transactionalIdPrefix(String applicationId) {
        return applicationId + "-";
    }

    /** Kafka Streams names its internal topics {@code <application.id>-...}. */
    public static String internalTopicPrefix(String applicationId) {
        return applicationId + "-";
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
                                    AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
