package org.fleetstreams.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.fleetstreams.common.Topics;
import org.junit.jupiter.api.Test;

/** The app's grants: transactional ids only for exactly-once, and prefixes that end where Kafka Streams' names do. */
class FleetAclsTest {

    private static final Topics TOPICS = Topics.withPrefix("bdd");

    private static List<ResourcePattern> patterns(List<AclBinding> acls, ResourceType type) {
        return acls.stream().map(AclBinding::pattern).filter(p -> p.resourceType() == type).distinct().toList();
    }

    @Test
    void exactlyOnceProducersGetTheirApplicationsTransactionalIdsAndNoOtherApplications() {
        List<ResourcePattern> ids = patterns(FleetAcls.app("User:app", TOPICS, "fleetstreams-Doe"), ResourceType.TRANSACTIONAL_ID);

        assertThat(ids).containsExactly(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "fleetstreams-Doe-", PatternType.PREFIXED));
        // Kafka Streams' ids are <application.id>-<process id>-<thread>: this one's match, fleetstreams-DoeJane's do not
        assertThat("fleetstreams-Doe-6f1c2a9e-1").startsWith(ids.get(0).name());
        assertThat("fleetstreams-DoeJane-6f1c2a9e-1").doesNotStartWith(ids.get(0).name());
    }

    @Test
    void atLeastOnceNeedsNoTransactionalIds() {
        List<AclBinding> acls = FleetAcls.app("User:app", TOPICS, "fleetstreams-bdd", false);

        assertThat(patterns(acls, ResourceType.TRANSACTIONAL_ID)).isEmpty();
        assertThat(patterns(acls, ResourceType.GROUP)).containsExactly(
                new ResourcePattern(ResourceType.GROUP, "fleetstreams-bdd", PatternType.LITERAL));
        assertThat(acls).hasSize(FleetAcls.app("User:app", TOPICS, "fleetstreams-bdd", true).size() - 1);
    }
}
