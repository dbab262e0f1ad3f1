package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A fleet-wide answer is whole or 503: each instance's part names the partitions it answered for, and a partition in
 * none of the parts (moving between instances, restoring) must not quietly drop its rides from a 200.
 */
class FleetCoverageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode part(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void partsThatTogetherAnswerEveryPartitionMakeAWholeAnswer() throws Exception {
        FleetParts.Coverage coverage = new FleetParts.Coverage(part("{\"partitions\":[0,2],\"rides\":[]}"));
        coverage.add(part("{\"partitions\":[1,3],\"rides\":[]}"));

        assertThatCode(() -> coverage.requireAll(Set.of(0, 1, 2, 3))).doesNotThrowAnyException();
    }

    @Test
    void aPartitionNoInstanceAnsweredForIsA503NamingIt() throws Exception {
        // B gave up partition 3 and A does not hold it yet: both answer, neither for 3
        FleetParts.Coverage coverage = new FleetParts.Coverage(part("{\"partitions\":[0,1],\"rides\":[{\"ride_id\":\"r\"}]}"));
        coverage.add(part("{\"partitions\":[2],\"rides\":[]}"));

        assertThatThrownBy(() -> coverage.requireAll(Set.of(0, 1, 2, 3)))
                .isInstanceOf(Unavailable.class).hasMessageContaining("partition(s) [3] answered by no instance");
    }

    @Test
    void aPartOfAnOlderInstanceWithoutPartitionsCoversNothing() throws Exception {
        FleetParts.Coverage coverage = new FleetParts.Coverage(part("{\"partitions\":[0],\"rides\":[]}"));
        coverage.add(part("[]"));

        assertThatThrownBy(() -> coverage.requireAll(Set.of(0, 1))).isInstanceOf(Unavailable.class);
    }

    @Test
    void aPartitionTwoInstancesAnsweredForDuringAMoveGivesItsRidesAndAlertsOnce() throws Exception {
        // A took partition 1 over while B still answered for it: both parts hold ride r1 and its alert
        JsonNode a = part("{\"partitions\":[0,1],\"rides\":[{\"ride_id\":\"r0\",\"partition\":0,\"owner\":\"a\"},"
                + "{\"ride_id\":\"r1\",\"partition\":1,\"owner\":\"a\"}],"
                + "\"alerts\":[{\"ride_id\":\"r1\",\"start_time\":10,\"end_time\":12}]}");
        JsonNode b = part("{\"partitions\":[1,2],\"rides\":[{\"ride_id\":\"r1\",\"partition\":1,\"owner\":\"b\"},"
                + "{\"ride_id\":\"r2\",\"partition\":2,\"owner\":\"b\"}],"
                + "\"alerts\":[{\"ride_id\":\"r1\",\"start_time\":10,\"end_time\":12},"
                + "{\"ride_id\":\"r1\",\"start_time\":20,\"end_time\":21}]}");

        List<JsonNode> rides = FleetParts.merge(List.of(a, b), "rides", FleetParts.RIDE_IDENTITY);
        assertThat(rides).extracting(n -> n.path("ride_id").asText()).containsExactly("r0", "r1", "r2");
        assertThat(rides.get(1).path("owner").asText()).as("this instance's own copy").isEqualTo("a");
        List<JsonNode> alerts = FleetParts.merge(List.of(a, b), "alerts", FleetParts.ALERT_IDENTITY);
        assertThat(alerts).extracting(n -> n.path("start_time").asLong()).containsExactly(10L, 20L);
    }
}
