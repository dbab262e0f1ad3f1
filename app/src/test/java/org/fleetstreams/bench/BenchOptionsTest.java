package org.fleetstreams.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's documented options (docs/benchmarks.md) parse as they read, and a typo stops it before it starts. */
class BenchOptionsTest {

    @Test
    void theDocumentedCommandsOptionsParse() {
        BenchOptions o = BenchOptions.parse("--fleet", "50", "--reference");
        assertThat(o.fleet()).isEqualTo(50);
        assertThat(o.reference()).isTrue();
        assertThat(o.skipLatency()).isFalse();
        assertThat(o.settings()).isEmpty();
    }

    @Test
    void everyOtherOptionParses() {
        BenchOptions o = BenchOptions.parse("--order-check", "--order-speed", "20", "--latency-data", "../data/sample",
                "--latency-fleet", "5", "--set", "max.task.idle.ms=0", "--set", "a=b=c", "--jfr", "/tmp/x.jfr",
                "--skip-latency", "--latency-only", "--latency-speed", "10", "--warm-up", "--rounds", "3", "--partitions", "2");
        assertThat(o.orderCheck()).isTrue();
        assertThat(o.orderSpeed()).isEqualTo(20);
        assertThat(o.liveData()).isEqualTo(Path.of("../data/sample"));
        assertThat(o.latencyFleet()).isEqualTo(5);
        assertThat(o.settings()).isEqualTo(Map.of("max.task.idle.ms", "0", "a", "b=c"));
        assertThat(o.jfr()).isEqualTo(Path.of("/tmp/x.jfr"));
        assertThat(o.skipLatency()).isTrue();
        assertThat(o.latencyOnly()).isTrue();
        assertThat(o.latencySpeed()).isEqualTo(10.0);
        assertThat(o.warmUp()).isTrue();
        assertThat(o.fleet()).as("default").isEqualTo(100);
        assertThat(o.rounds()).isEqualTo(3);
        assertThat(BenchOptions.parse().rounds()).as("default").isEqualTo(1);
        assertThat(o.partitions()).isEqualTo(2);
        assertThat(BenchOptions.parse().partitions()).as("default: the replayer's").isEqualTo(4);
    }

    @Test
    void anUnknownOptionOrAMissingValueIsRefused() {
        assertThatThrownBy(() -> BenchOptions.parse("--fleat", "50")).hasMessageContaining("unknown option '--fleat'");
        assertThatThrownBy(() -> BenchOptions.parse("--fleet")).hasMessageContaining("--fleet needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--set", "novalue")).hasMessageContaining("KEY=VALUE");
    }
}
