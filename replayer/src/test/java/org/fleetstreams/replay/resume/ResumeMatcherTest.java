package org.fleetstreams.replay.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fleetstreams.common.admin.KafkaSetupException;
import org.junit.jupiter.api.Test;

/**
 * {@link ResumeMatcher} on what a killed replay leaves: each input a prefix of what the replay sends it. The replays
 * here are written from the sensors (a phone's accelerometer at 50 Hz from the start, its GPS every 2 s from its first
 * fix), one partition per input, so "killed at t" is every record before t.
 */
class ResumeMatcherTest {

    private static final String GPS = "t-locations";
    private static final String ACCEL = "t-accelerations";
    private static final long START = 1_503_878_400_000L;
    /** The replays here are one pass of at most 60 s, and a 10 s gap. */
    private static final long PASS_MILLIS = 70_000;

    private record Sent(String topic, String ride, long timestamp) {
        byte[] key() {
            return ride.getBytes(StandardCharsets.UTF_8);
        }

        byte[] value() {
            return (topic + "@" + timestamp).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** One ride's replay in send order: samples every 20 ms over {@code seconds}, fixes every 2 s from {@code fix}. */
    private static List<Sent> replay(int seconds, double firstFixSeconds, boolean withAccelerations) {
        List<Sent> sent = new ArrayList<>();
        for (long t = 0; withAccelerations && t < seconds * 1000L; t += 20) {
            sent.add(new Sent(ACCEL, "ride-1", START + t));
        }
        for (long t = Math.round(firstFixSeconds * 1000); t < seconds * 1000L; t += 2000) {
            sent.add(new Sent(GPS, "ride-1", START + t));
        }
        sent.sort(Comparator.comparingLong(Sent::timestamp));
        return sent;
    }

    /** What the topics hold when the replay was killed at {@code killedAt} s, with {@code emptied} emptied since. */
    private static PublishedRecords held(List<Sent> replay, double killedAt, String emptied) {
        Map<String, PublishedRecords.Partition[]> topics = new HashMap<>();
        topics.put(GPS, new PublishedRecords.Partition[] {new PublishedRecords.Partition()});
        topics.put(ACCEL, new PublishedRecords.Partition[] {new PublishedRecords.Partition()});
        long offset = 0;
        for (Sent s : replay) {
            if (s.timestamp() - START < killedAt * 1000 && !s.topic().equals(emptied)) {
                topics.get(s.topic())[0].add(offset++, s.timestamp(), s.ride(),
                        PublishedRecords.fingerprint(s.key(), s.value()));
            }
        }
        return new PublishedRecords(topics, 0);
    }

    /** The dry walk: offers the replay's records until the matcher has seen all the topics hold. */
    private static ResumePoint walk(List<Sent> replay, PublishedRecords held) {
        ResumeMatcher matcher = new ResumeMatcher(held, List.of(GPS, ACCEL), PASS_MILLIS);
        for (Sent s : replay) {
            if (matcher.offer(s.topic(), s.key(), s.timestamp(), s.value())) {
                break;
            }
        }
        return matcher.point();
    }

    @Test
    void aReplayKilledBeforeTheFirstGpsFixResumesWhenThatFixComesLate() {
        // A phone without a fix for its first 25 s: 15 s of samples and no GPS is what a kill at 15 s leaves.
        List<Sent> replay = replay(60, 25, true);

        ResumePoint point = walk(replay, held(replay, 15, null));

        assertThat(point.held().get(ACCEL)).containsExactly(15 * 50);
        assertThat(point.held().get(GPS)).containsExactly(0);
    }

    @Test
    void aKillMayLeaveOneInputEmptyBesideAFewSecondsOfTheOther() {
        // The first fix at 1 s, the GPS partition cut before it (its batch still in flight), samples held to 8 s.
        List<Sent> replay = replay(60, 1, true);
        PublishedRecords held = held(replay, 8, GPS);

        assertThat(walk(replay, held).total()).isEqualTo(8 * 50);
    }

    @Test
    void anInputEmptiedSinceIsRefusedBeforeAnythingIsSent() {
        List<Sent> replay = replay(60, 1, true);
        PublishedRecords held = held(replay, 40, GPS);

        assertThatThrownBy(() -> walk(replay, held)).isInstanceOf(KafkaSetupException.class)
                .hasMessageStartingWith("cannot resume: t-locations holds nothing of this replay, but t-accelerations-0"
                        + " holds its record at")
                .hasMessageContaining("(was t-locations deleted or emptied?)");
    }

    @Test
    void aGpsOnlyReplayResumesWithItsOtherInputEmpty() {
        List<Sent> replay = replay(60, 1, false);

        assertThat(walk(replay, held(replay, 45, null)).total()).isEqualTo(22);
    }
}
