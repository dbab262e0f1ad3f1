package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        FleetApi.Coverage coverage = new FleetApi.Coverage(part("{\"partitions\":[0,2],\"rides\":[]}"));
        coverage.add(part("{\"partitions\":[1,3],\"rides\":[]}"));

        assertThatCode(() -> coverage.requireAll(Set.of(0, 1, 2, 3))).doesNotThrowAnyException();
    }

    @Test
    void aPartitionNoInstanceAnsweredForIsA503NamingIt() throws Exception {
        // B gave up partition 3 and A does not hold it yet: both answer, neither for 3
        FleetApi.Coverage coverage = new FleetApi.Coverage(part("{\"partitions\":[0,1],\"rides\":[{\"ride_id\":\"r\"}]}"));
        coverage.add(part("{\"partitions\":[2],\"rides\":[]}"));

        assertThatThrownBy(() -> coverage.requireAll(Set.of(0, 1, 2, 3)))
                .isInstanceOf(Unavailable.class).hasMessageContaining("partition(s) [3] answered by no instance");
    }

    @Test
    void aPartOfAnOlderInstanceWithoutPartitionsCoversNothing() throws Exception {
        FleetApi.Coverage coverage = new FleetApi.Coverage(part("{\"partitions\":[0],\"rides\":[]}"));
        coverage.add(part("[]"));

        assertThatThrownBy(() -> coverage.requireAll(Set.of(0, 1))).isInstanceOf(Unavailable.class);
    }
}
