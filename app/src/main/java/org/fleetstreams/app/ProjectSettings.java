package org.fleetstreams.app;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fleetstreams.braking.HarshBraking;
import org.fleetstreams.common.PropertiesFiles;
import org.fleetstreams.ingest.EventTimes;
import org.fleetstreams.ingest.Ingest;
import org.fleetstreams.ingest.InputHeads;
import org.fleetstreams.time.InputProgress;
import org.fleetstreams.time.ReadingsInOrder;

/**
 * The project's own Streams settings ({@code fleetstreams.*} keys in {@code --config FILE} or the benchmark's
 * {@code --set}), checked when the configuration is built. The processors read them again when their tasks start,
 * which is too late for a typo: the app would be running, and a misspelt key would simply be ignored.
 */
final class ProjectSettings {

    static final String PREFIX = "fleetstreams.";
    /** The {@code fleetstreams.*} settings that are true or false. */
    private static final List<String> FLAGS = List.of(InputHeads.CONFIG, HarshBraking.COMMIT_ON_ALERT_CONFIG,
            ReadingsInOrder.FIXES_BEFORE_CONFIG);
    /** Every {@code fleetstreams.*} setting there is. */
    static final List<String> KNOWN = Stream.concat(FLAGS.stream(),
            Stream.of(InputProgress.CONFIG, Ingest.INPUT_PARTITIONS, EventTimes.OFFSET_EPOCH)).toList();

    private ProjectSettings() {
    }

    /** Refuses an unknown {@code fleetstreams.*} key or a value its setting cannot take, naming both. */
    static void check(Map<String, String> settings) {
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            if (key.equals(InputProgress.CONFIG)) {
                InputProgress.checkMode(e.getValue());
            } else if (FLAGS.contains(key)) {
                PropertiesFiles.flag(settings, key, true);
            } else if (key.equals(Ingest.INPUT_PARTITIONS)) {
                Ingest.inputPartitions(settings);
            } else if (key.equals(EventTimes.OFFSET_EPOCH)) {
                EventTimes.offsetEpoch(settings);
            } else {
                throw new IllegalArgumentException("unknown setting '" + key + "' (the app's own settings: "
                        + String.join(", ", KNOWN) + ")");
            }
        }
    }
}
