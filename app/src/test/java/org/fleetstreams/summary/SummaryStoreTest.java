package org.fleetstreams.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.fleetstreams.state.Encoded;
import org.fleetstreams.state.StoreFormat;
import org.fleetstreams.time.EventClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pane's fixes as a store written before they were split holds them: one value for all, read whole and written
 * again as values of {@value Pane#FIXES_PER_VALUE}, also where a rewrite a crash cut short left some new values beside it.
 */
class SummaryStoreTest {

    private static final StoreFormat FIXES = new StoreFormat(SummaryProcessor.STORE + " fixes", (byte) 1);
    private static final String F = "r\0" + 60_000 + "\0f";

    private KeyValueStore<String, Encoded> kv;

    @BeforeEach
    void setUp() {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        kv = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SummaryProcessor.STORE), Serdes.String(),
                Encoded.SERDE).withLoggingDisabled().build();
        kv.init(context.getStateStoreContext(), kv);
    }

    @Test
    void oneValueForAllIsWrittenAgainAsValuesOfTheirSize() {
        int n = Pane.FIXES_PER_VALUE * 2 + 3;
        kv.put(F, Encoded.of(fixes(0, n)));

        Map<String, RidePanes> rides = load();

        assertThat(rides.get("r").panes.get(60_000L).fixes).hasSize(n);
        assertThat(count(F)).isEqualTo(Pane.FIXES_PER_VALUE);
        assertThat(count(F + 1)).isEqualTo(Pane.FIXES_PER_VALUE);
        assertThat(count(F + 2)).isEqualTo(3);
        assertThat(kv.get(F + 2).bytes()).isEqualTo(fixes(2 * Pane.FIXES_PER_VALUE, 3));
        assertThat(load().get("r").panes.get(60_000L).fixes).as("read back the same").hasSize(n);
    }

    @Test
    void theOldValueWinsOverWhatACutShortRewriteLeftBesideIt() {
        int n = Pane.FIXES_PER_VALUE + 10;
        kv.put(F, Encoded.of(fixes(0, n)));
        kv.put(F + 1, Encoded.of(fixes(Pane.FIXES_PER_VALUE, 10))); // the rewrite's second value, its first not yet
        kv.put(F + 7, Encoded.of(fixes(0, 5))); // and one no layout of these fixes has

        Map<String, RidePanes> rides = load();

        List<Pane.Fix> fixes = rides.get("r").panes.get(60_000L).fixes;
        assertThat(fixes).hasSize(n);
        assertThat(fixes.get(n - 1).eventTime()).isEqualTo(60_000 + n - 1);
        assertThat(count(F)).isEqualTo(Pane.FIXES_PER_VALUE);
        assertThat(count(F + 1)).isEqualTo(10);
        assertThat(kv.get(F + 7)).as("deleted").isNull();
    }

    private Map<String, RidePanes> load() {
        Map<String, RidePanes> rides = new HashMap<>();
        new SummaryStore(kv, new EventClock(0, 0)).load(rides);
        return rides;
    }

    private int count(String key) {
        return FIXES.open(kv.get(key).bytes()).getInt();
    }

    /** {@code n} fixes from the {@code from}-th of one pane, a millisecond apart, as one value. */
    private static byte[] fixes(int from, int n) {
        ByteBuffer b = FIXES.allocate(4 + n * 32).putInt(n);
        for (int i = from; i < from + n; i++) {
            b.putLong(60_000 + i).putDouble(40 + i * 1e-5).putDouble(-74).putDouble(5);
        }
        return b.array();
    }
}
