package org.fleetstreams.replay.data;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows left out of the replay, counted per reason ("locations: null ride_id"). Nothing is dropped without
 * a count; the replayer's summary prints these. Also the nulls (and NaN or infinite values) read as −1, unknown
 * ("locations: speed"), which cost no row. Thread-safe: the progress reporter reads while the reader writes.
 */
public final class RowSkips {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> unknowns = new ConcurrentHashMap<>();

    public void add(SensorKind kind, String reason) {
        counts.computeIfAbsent(kind.folder() + ": " + reason, k -> new AtomicLong()).incrementAndGet();
    }

    /** A row published with its null, NaN or infinite {@code column} read as −1, unknown. */
    public void addUnknown(SensorKind kind, String column) {
        unknowns.computeIfAbsent(kind.folder() + ": " + column, k -> new AtomicLong()).incrementAndGet();
    }

    /** Adds every count of {@code other}. */
    public void addAll(RowSkips other) {
        other.counts.forEach((reason, n) -> counts.computeIfAbsent(reason, k -> new AtomicLong()).addAndGet(n.get()));
        other.unknowns.forEach((column, n) -> unknowns.computeIfAbsent(column, k -> new AtomicLong()).addAndGet(n.get()));
    }

    /** "kind: column" → how many nulls, NaN or infinite values of it were read as −1, sorted. */
    public Map<String, Long> unknownsByColumn() {
        return sorted(unknowns);
    }

    public long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Reason → count, sorted by reason. */
    public Map<String, Long> byReason() {
        return sorted(counts);
    }

    private static Map<String, Long> sorted(Map<String, AtomicLong> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((key, n) -> out.put(key, n.get()));
        return out;
    }
}
