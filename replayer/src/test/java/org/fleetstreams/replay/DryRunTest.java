package org.fleetstreams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fleetstreams.common.Topics;
import org.fleetstreams.replay.data.TestParquet;
import org.fleetstreams.replay.schedule.ClockMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dry run publishes nothing and needs no broker, but refuses what the real run would refuse before publishing: the
 * topic settings it would create the topics with, and an epoch that puts the data before 1970.
 */
class DryRunTest {

    private record Run(int code, String out, String err) {
    }

    private static Run dryRun(ReplayConfig config) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new ReplayJob(config.withDryRun(true).withProgressInterval(Duration.ZERO), new PrintWriter(out),
                new PrintWriter(err), WallClock.SYSTEM).run();
        return new Run(code, out.toString(), err.toString());
    }

    private static ReplayConfig realData() {
        return ReplayConfig.defaults(TestData.bdd(), "localhost:9", Topics.withPrefix("dry")).withSpeed(Double.POSITIVE_INFINITY);
    }

    @Test
    void aDryRunHonoursTheTopicSettingsItWouldCreateTheTopicsWith() {
        // configure: 2017's event times, and topics that refuse records older than a day
        ReplayConfig config = realData().withEpoch(Instant.parse("2017-08-28T00:00:00Z"))
                .withTopicConfig(Map.of("message.timestamp.before.max.ms", "86400000"));

        Run refused = dryRun(config);
        Run plain = dryRun(realData().withEpoch(Instant.parse("2017-08-28T00:00:00Z")));

        assertThat(refused.code).isEqualTo(ReplayJob.KAFKA_PROBLEM);
        assertThat(refused.err).contains("error: ").contains("message.timestamp.before.max.ms")
                .contains("the topics cannot take this replay");
        assertThat(plain.code).isEqualTo(ReplayJob.OK);
        assertThat(plain.out).contains(String.format("%,d", TestData.LOCATION_ROWS));
    }

    @Test
    void anEpochThatPutsTheReplayBefore2000IsWarnedAboutAndStillReplayed() {
        // 1970: a timestamp is then the offset in ms, which Kafka and Spark take but the app reads as a unit mistake
        Run before2000 = dryRun(realData().withEpoch(Instant.EPOCH));
        Run in2017 = dryRun(realData().withEpoch(Instant.parse("2017-08-28T00:00:00Z")));

        assertThat(before2000.code).isEqualTo(ReplayJob.OK);
        // the real data's first offset is 0.822 s
        assertThat(before2000.err).contains("warning: this replay's event times (1970-01-01T00:00:00.822Z to")
                .contains("not all within 2000-01-01..2100-01-01").contains("dead-letter topic");
        assertThat(in2017.err).doesNotContain("2000-01-01..2100-01-01");
    }

    /** The progress (the demo's bar, the progress line) ends at 100 % with either clock: at the last row's time. */
    @Test
    void aFinishedReplayIsAllOfItsSimulatedTimeWithEitherClock() {
        for (ClockMode mode : ClockMode.values()) {
            ReplayJob job = new ReplayJob(realData().withClock(mode).withDryRun(true)
                    .withProgressInterval(Duration.ZERO), new PrintWriter(new StringWriter()),
                    new PrintWriter(new StringWriter()), WallClock.SYSTEM);

            assertThat(job.run()).isEqualTo(ReplayJob.OK);

            ReplayJob.Progress progress = job.progress();
            assertThat(progress.doneSimSeconds()).as(mode.name()).isEqualTo(progress.totalSimSeconds());
        }
    }

    @Test
    void withoutAnEpochAReplayStartsOnAWholeMinute() {
        Instant before = Instant.now();
        Run run = dryRun(realData());

        // the whole minute the replay started in: not an earlier hour's or day's (which would also end in :00)
        Matcher epoch = Pattern.compile("epoch (\\S+:00Z), fleet").matcher(run.err);
        assertThat(epoch.find()).as(run.err).isTrue();
        assertThat(Instant.parse(epoch.group(1))).isAfter(before.minusSeconds(60)).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void withoutAnEpochOffsetWindowsAreEventTimeWindows() {
        // a replay started at 07:31:47.123: offset 0 is the start of a 15 s, 30 s and 1 min window alike
        Instant epoch = ReplayJob.defaultEpoch(Instant.parse("2026-12-05T07:31:47.123Z"));

        assertThat(epoch).isBeforeOrEqualTo(Instant.parse("2026-12-05T07:31:47.123Z"))
                .isAfter(Instant.parse("2026-12-05T07:30:47.123Z")); // not an hour or a day back: within a minute
        for (long window : new long[] {15_000, 30_000, 60_000}) {
            assertThat(epoch.toEpochMilli() % window).as("a %d ms window", window).isZero();
        }
    }

    @Test
    void aFileThatBreaksMidReplayIsBadInputNamingTheFile(@TempDir Path dir) throws IOException {
        // configure: a file whose footer is sound (so the data set opens) and whose first page header is not
        Path broken = dir.resolve("locations/t=000.0/car.parquet");
        TestParquet.write(broken, TestParquet.BDD_LOCATIONS, TestParquet.location("r", 0.5, 3.0));
        TestParquet.write(dir.resolve("accelerations/t=000.0/car.parquet"), TestParquet.BDD_ACCELERATIONS,
                TestParquet.acceleration("r", 0.02));
        byte[] bytes = Files.readAllBytes(broken);
        Arrays.fill(bytes, 4, 24, (byte) 0xFF); // just after the leading PAR1 magic
        Files.write(broken, bytes);

        Run run = dryRun(ReplayConfig.defaults(dir, "localhost:9", Topics.withPrefix("dry"))
                .withSpeed(Double.POSITIVE_INFINITY).withEpoch(Instant.parse("2026-01-01T00:00:00Z")));

        assertThat(run.code).isEqualTo(ReplayJob.BAD_INPUT);
        assertThat(run.err).contains("error: " + broken + ": cannot read rows")
                .contains("a replay stops at this file");
        // what came before the bad file is summed up: a real replay has published it by then
        assertThat(run.out).contains("Dry run (nothing sent):").contains("rows skipped");
    }

    @Test
    void aDryRunWithoutASpeedJudgesTheTimestampsOfTheReplayItStandsForAt1x() {
        // 100 passes are about 3.6 hours of event time from now: at 1x they never run ahead of the wall clock, at
        // max they would all be an hour ahead at once; the dry run itself runs at max to print its summary at once
        ReplayConfig config = realData().withPasses(100)
                .withTopicConfig(Map.of("message.timestamp.after.max.ms", "3600000"));

        Run run = dryRun(config);
        // the control: the same replay at 10x would be 3 hours ahead by its end, and the check says so
        Run at10x = dryRun(config.withSpeed(10));

        assertThat(run.code).as(run.err).isEqualTo(ReplayJob.OK);
        assertThat(at10x.code).as(at10x.err).isEqualTo(ReplayJob.KAFKA_PROBLEM);
        assertThat(at10x.err).contains("message.timestamp.after.max.ms");
    }

    @Test
    void aDryRunJudgesTheOlderLimitWhenThatIsTheOneGiven() {
        // on a broker before Kafka 3.6 the limit is message.timestamp.difference.max.ms; given alone, it is the one
        // the topics would get (the newer default is left out) and the one the check goes by
        Run run = dryRun(realData().withPasses(100).withSpeed(10)
                .withTopicConfig(Map.of("message.timestamp.difference.max.ms", "3600000")));

        assertThat(run.code).as(run.err).isEqualTo(ReplayJob.KAFKA_PROBLEM);
        assertThat(run.err).contains("message.timestamp.difference.max.ms=3600000");
    }

    /** Offsets written as epoch nanoseconds (1.5e18): as seconds they are past any time, and a replay refuses them. */
    @Test
    void offsetsPastTheYear9999AreBadInput(@TempDir Path dir) throws IOException {
        TestParquet.write(dir.resolve("locations/t=000.0/car.parquet"), TestParquet.BDD_LOCATIONS,
                TestParquet.location("r", 0.5, 3.0), TestParquet.location("r", 1.5e18, 3.0));
        TestParquet.write(dir.resolve("accelerations/t=000.0/car.parquet"), TestParquet.BDD_ACCELERATIONS,
                TestParquet.acceleration("r", 0.02));

        Run run = dryRun(ReplayConfig.defaults(dir, "localhost:9", Topics.withPrefix("dry"))
                .withSpeed(Double.POSITIVE_INFINITY).withEpoch(Instant.parse("2026-01-01T00:00:00Z")));

        assertThat(run.code).isEqualTo(ReplayJob.BAD_INPUT);
        assertThat(run.err).contains("plus the data's last offset (1.5E18 s, in "
                + dir.resolve("locations/t=000.0/car.parquet") + ") is after the year 9999");
    }

    @Test
    void passesThatEndAfterTheYear9999AreBadInput() {
        Run run = dryRun(realData().withEpoch(Instant.parse("9999-12-31T00:00:00Z")).withPasses(1000)); // 34 h
        Run one = dryRun(realData().withEpoch(Instant.parse("9999-12-31T00:00:00Z")).withPasses(1));

        assertThat(one.code).as(one.err).isNotEqualTo(ReplayJob.BAD_INPUT);
        assertThat(run.code).isEqualTo(ReplayJob.BAD_INPUT);
        assertThat(run.err).contains("--passes 1000 of this data after --epoch 9999-12-31T00:00:00Z end after the year 9999");
    }

    @Test
    void anEpochThatPutsTheDataBefore1970IsBadInput() {
        Run run = dryRun(realData().withEpoch(Instant.EPOCH));
        // the real data's first offset is 0.8 s: the epoch itself is fine, a second earlier is not
        Run early = dryRun(realData().withEpoch(Instant.EPOCH.minusSeconds(1)));

        assertThat(run.code).isEqualTo(ReplayJob.OK);
        assertThat(early.code).isEqualTo(ReplayJob.BAD_INPUT);
        assertThat(early.err).contains("is before 1970-01-01: Kafka refuses negative record timestamps")
                .containsPattern("first offset \\(0\\.8\\d* s, in \\S+\\.parquet\\)");
    }
}
