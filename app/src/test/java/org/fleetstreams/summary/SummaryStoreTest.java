package org.fleetstreams.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.ingest.CheckedRecords;
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

    /**
     * A restart with a larger grace (a larger --tolerated-disorder or braking.merge.gap.s): the window written before
     * counts as written, on the new grid's numbers. Read as it was, [60 s, 90 s) closed at 94.1 s, saved as written,
     * would close at 96.1 s after the restart, past the saved 94.1 s, and be written again from the panes still held.
     */
    @Test
    void windowsWrittenUnderAnotherGraceStayWritten() {
        WindowGrid before = new WindowGrid(30_000, 15_000, 4_100);
        WindowGrid after = new WindowGrid(30_000, 15_000, 6_100);
        new SummaryStore(kv, before, new EventClock(0, 0)).putScannedTo(before.closeTime(60_000));

        long scannedTo = new SummaryStore(kv, after, new EventClock(0, 0)).load(new HashMap<>());

        assertThat(after.closeTime(60_000)).as("written: not again").isLessThanOrEqualTo(scannedTo);
        assertThat(after.closeTime(75_000)).as("not written yet").isGreaterThan(scannedTo);
        assertThat(new SummaryStore(kv, new WindowGrid(30_000, 15_000, 2_000), new EventClock(0, 0))
                .load(new HashMap<>())).as("a smaller grace: the next window is written at its new close")
                .isLessThan(new WindowGrid(30_000, 15_000, 2_000).closeTime(75_000))
                .isGreaterThanOrEqualTo(new WindowGrid(30_000, 15_000, 2_000).closeTime(60_000));
    }

    @Test
    void aCloseTimeSavedWithoutItsGridIsTakenAsThisRunsAndOtherWindowSizesAreRefused() {
        kv.put("\0scanned", Encoded.of(ByteBuffer.allocate(9).put((byte) 1).putLong(94_100).array()));
        assertThat(new SummaryStore(kv, new WindowGrid(30_000, 15_000, 6_100), new EventClock(0, 0))
                .load(new HashMap<>())).isEqualTo(94_100);

        new SummaryStore(kv, new WindowGrid(30_000, 15_000, 4_100), new EventClock(0, 0)).putScannedTo(94_100);
        assertThatThrownBy(() -> new SummaryStore(kv, new WindowGrid(60_000, 15_000, 4_100), new EventClock(0, 0))
                .load(new HashMap<>())).hasMessageContaining("--summary-size").hasMessageContaining("reset");
    }

    /**
     * The grid was saved only with the first window's close time: a restart with other window sizes before it (about
     * 34 s into a task's data) read the old 15 s panes as panes of its own grid, and wrote wrong summaries.
     */
    @Test
    void otherWindowSizesAreRefusedAlsoBeforeTheFirstWindowHasClosed() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(1_000_000);
        KeyValueStore<String, Encoded> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                SummaryProcessor.STORE), Serdes.String(), Encoded.SERDE).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        SummaryProcessor first = new SummaryProcessor(30_000, 15_000, 4_100, new EventClock(30_000, 5_000),
                List.of("summaries-sink"));
        first.init(context);
        first.process(CheckedRecords.of(TopologyFixture.sample("r", TopologyFixture.EPOCH + 16_000, 0, 0, 1)));

        SummaryProcessor otherAdvance = new SummaryProcessor(30_000, 10_000, 4_100, new EventClock(30_000, 5_000),
                List.of("summaries-sink"));
        assertThatThrownBy(() -> otherAdvance.init(context)).hasMessageContaining("--summary-advance")
                .hasMessageContaining("reset");
        SummaryProcessor same = new SummaryProcessor(30_000, 15_000, 6_100, new EventClock(30_000, 5_000),
                List.of("summaries-sink"));
        same.init(context); // another grace only: goes on
    }

    private Map<String, RidePanes> load() {
        Map<String, RidePanes> rides = new HashMap<>();
        new SummaryStore(kv, new WindowGrid(30_000, 15_000, 4_100), new EventClock(0, 0)).load(rides);
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
