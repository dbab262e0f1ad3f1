package org.fleetstreams.demo;

import java.util.List;
import org.fleetstreams.pipeline.LocalPipeline;

/**
 * On a Kafka of one's own, the demo's topics and application id follow {@code --topic-prefix} alone: a second demo
 * (or the app started by hand with that id) on the same cluster and prefix would join the first one's consumer
 * group and take half its partitions, and each run's replay would write into the other's inputs. Both tables would
 * be wrong without a word. So before its app starts, the demo looks for members in its groups, the live app's and
 * the warm-up's, and refuses to run beside them. A demo with an embedded broker has its own cluster and needs no look.
 * The demo's apps leave the group when they close ({@code StreamsRunner.leavingGroupOnClose}): Kafka Streams' default
 * stays in it for the session timeout, and the next run, a minute later, would be refused.
 */
final class GroupInUse {

    private GroupInUse() {
    }

    /** Null when no one is in the demo's groups on {@code pipeline}'s Kafka, else the console's error line. */
    static String refusal(LocalPipeline pipeline) {
        String applicationId = pipeline.appConfig().applicationId();
        for (String group : List.of(applicationId, WarmUp.applicationId(pipeline))) {
            int members = pipeline.activeMembers(group);
            if (members > 0) {
                return "error: the consumer group " + group + " on " + pipeline.bootstrapServers() + " has " + members
                        + " active member(s): another demo or app runs on the topics " + pipeline.topics().prefix()
                        + "-*, and this run beside it would corrupt both; give this one another --topic-prefix"
                        + " (its topics and its application id, fleetstreams-demo-PREFIX, follow it), or wait: a demo"
                        + " killed before it could leave the group stays in it for Kafka's session timeout, 45 s";
            }
        }
        return null;
    }
}
