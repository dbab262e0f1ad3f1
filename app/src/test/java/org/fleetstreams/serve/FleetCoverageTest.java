package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * A fleet-wide answer is whole or 503: each instance's part names the partitions it answered for, and a partition in
 * none of the parts (moving between instances, restoring) must not quietly drop its rides from a 200. Likewise an
 * alerts answer cut to its limit says so ({@code truncated}).
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

    /**
     * Every instance lists its own part first, so the merge sees the parts in another order on each: a ride id in two
     * partitions, and two alerts of a ride that end together, came out in that order, and two instances gave two
     * answers. Sorted in full, the answer is the same whichever part comes first.
     */
    @Test
    void theSameRidesAndAlertsComeInTheSameOrderWhicheverPartCameFirst() throws Exception {
        // ride r1 in partition 0 (A) and in partition 2 (B, another partitioner); two of its alerts end at 20
        JsonNode a = part("{\"partitions\":[0,1],\"rides\":[{\"ride_id\":\"r1\",\"partition\":0,\"owner\":\"a\"},"
                + "{\"ride_id\":\"r0\",\"partition\":1,\"owner\":\"a\"}],"
                + "\"alerts\":[{\"ride_id\":\"r1\",\"start_time\":10,\"end_time\":20,\"severity\":\"harsh\"}]}");
        JsonNode b = part("{\"partitions\":[2,3],\"rides\":[{\"ride_id\":\"r1\",\"partition\":2,\"owner\":\"b\"}],"
                + "\"alerts\":[{\"ride_id\":\"r1\",\"start_time\":15,\"end_time\":20,\"severity\":\"moderate\"}]}");

        String ridesAFirst = sorted(List.of(a, b), "rides", FleetParts.RIDE_IDENTITY, FleetParts.RIDE_ORDER);
        String ridesBFirst = sorted(List.of(b, a), "rides", FleetParts.RIDE_IDENTITY, FleetParts.RIDE_ORDER);
        String alertsAFirst = sorted(List.of(a, b), "alerts", FleetParts.ALERT_IDENTITY, FleetParts.ALERT_ORDER);
        String alertsBFirst = sorted(List.of(b, a), "alerts", FleetParts.ALERT_IDENTITY, FleetParts.ALERT_ORDER);

        assertThat(ridesBFirst).isEqualTo(ridesAFirst);
        assertThat(JSON.readTree(ridesAFirst)).extracting(n -> n.path("ride_id").asText() + "/" + n.path("partition"))
                .containsExactly("r0/1", "r1/0", "r1/2");
        assertThat(alertsBFirst).isEqualTo(alertsAFirst);
        assertThat(JSON.readTree(alertsAFirst)).extracting(n -> n.path("start_time").asLong()).containsExactly(15L, 10L);
    }

    /** The parts merged and sorted as a fleet-wide answer is, as JSON text. */
    private static String sorted(List<JsonNode> parts, String field, Function<JsonNode, String> identity,
                                 Comparator<JsonNode> order) {
        List<JsonNode> merged = FleetParts.merge(parts, field, identity);
        merged.sort(order);
        return JSON.createArrayNode().addAll(merged).toString();
    }

    /**
     * The status sums the figures of the instances that answer: the partitions none of them holds are named, among
     * them those of an instance without an HTTP server, which no metadata shows (D here).
     */
    @Test
    void theStatusNamesThePartitionsNoAnsweringInstanceHolds() {
        HostInfo a = new HostInfo("a", 1);
        HostInfo b = new HostInfo("b", 1);
        Map<HostInfo, Set<TopicPartition>> held = Map.of(
                a, Set.of(new TopicPartition("locations", 0), new TopicPartition("accelerations", 0)),
                b, Set.of(new TopicPartition("locations", 1), new TopicPartition("accelerations", 1)));

        assertThat(MetadataService.notHeldBy(Set.of(0, 1, 2, 3), held, List.of(a, b))).containsExactly(2, 3);
        assertThat(MetadataService.notHeldBy(Set.of(0, 1, 2, 3), held, List.of(a))).as("b does not answer")
                .containsExactly(1, 2, 3);
        assertThat(MetadataService.notHeldBy(Set.of(0, 1), held, List.of(a, b))).isEmpty();
    }

    /** 201 alerts match, 200 go out: the answer says it was cut, where before it was silently a list of 200. */
    @Test
    void moreAlertsThanTheLimitKeepTheNewestAndSayTheyWereCut() throws Exception {
        List<JsonNode> newestFirst = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            newestFirst.add(part("{\"ride_id\":\"r\",\"start_time\":" + (10_000 - i) + ",\"end_time\":" + (10_001 - i) + "}"));
        }

        JsonNode cut = FleetParts.putNewest(JSON.createObjectNode(), newestFirst, 200, false, n -> n);
        JsonNode whole = FleetParts.putNewest(JSON.createObjectNode(), newestFirst.subList(0, 200), 200, false, n -> n);

        assertThat(cut.path("alerts").size()).isEqualTo(200);
        assertThat(cut.path("alerts").get(0).path("end_time").asLong()).as("the newest kept").isEqualTo(10_001);
        assertThat(cut.path("truncated").asBoolean()).isTrue();
        assertThat(whole.path("alerts").size()).isEqualTo(200);
        assertThat(whole.path("truncated").isBoolean()).as(whole.toString()).isTrue();
        assertThat(whole.path("truncated").asBoolean()).isFalse();
    }

    /** An instance with 201 alerts sends its newest 200: the merged answer holds no more, and is cut all the same. */
    @Test
    void aPartThatWasCutMakesTheMergedAnswerCut() throws Exception {
        JsonNode a = part("{\"partitions\":[0],\"alerts\":[{\"ride_id\":\"r\",\"start_time\":1,\"end_time\":2}],"
                + "\"truncated\":true}");
        JsonNode b = part("{\"partitions\":[1],\"alerts\":[],\"truncated\":false}");
        JsonNode older = part("{\"partitions\":[1],\"alerts\":[]}");

        List<JsonNode> merged = FleetParts.merge(List.of(a, b), "alerts", FleetParts.ALERT_IDENTITY);
        JsonNode answer = FleetParts.putNewest(JSON.createObjectNode(), merged, 200,
                FleetParts.anyTruncated(List.of(a, b)), n -> n);

        assertThat(answer.path("alerts").size()).isEqualTo(1);
        assertThat(answer.path("truncated").asBoolean()).isTrue();
        assertThat(FleetParts.anyTruncated(List.of(b, older))).isFalse();
    }
}
