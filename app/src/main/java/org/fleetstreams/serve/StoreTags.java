package org.fleetstreams.serve;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives every state store metric one label for its store, {@code store}, in place of the tag Kafka Streams names
 * after the store's kind ({@code in-memory-state-id}, {@code rocksdb-state-id}, {@code rocksdb-window-state-id}, ...).
 *
 * <p>Kafka Streams names a store metric the same for every kind of store ({@code flush-rate}, {@code put-latency-avg},
 * ...) but tags it with a key per kind. Prometheus allows one set of label names per metric name, so Micrometer's
 * registry kept whichever kind registered first and refused the rest with one warning: {@code /metrics} lacked, for
 * example, the window stores' flush rates. One label for all kinds is the price of having them all. It replaces one
 * tag by one tag on purpose: Micrometer's Kafka binder drops a metric when the registry already holds one of that
 * name with more tags, so a second label (the kind) would hide all but the first store again. The kind follows from
 * the store's name (docs/dashboard.md lists them).
 */
final class StoreTags implements MeterFilter {

    static final String STORE = "store";

    @Override
    public Meter.Id map(Meter.Id id) {
        List<Tag> tags = new ArrayList<>();
        boolean renamed = false;
        for (Tag t : id.getTagsAsIterable()) {
            if (!renamed && isStoreTag(t.getKey())) {
                tags.add(Tag.of(STORE, t.getValue()));
                renamed = true;
            } else {
                tags.add(t);
            }
        }
        return renamed ? id.replaceTags(tags) : id;
    }

    /** Kafka's {@code <kind>-state-id}, as Micrometer's binder spells it ({@code rocksdb.window.state.id}) or not. */
    static boolean isStoreTag(String key) {
        String k = key.replace('-', '.');
        return k.endsWith(".state.id") && k.length() > ".state.id".length();
    }
}
