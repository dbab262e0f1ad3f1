package org.fleetstreams.ingest;

import org.fleetstreams.deadletter.Source;

/**
 * A source record after parsing and checking: a valid value, or the reason it is a dead letter; always with the
 * original bytes, which is what a dead letter carries.
 */
public record Checked<T>(T value, byte[] raw, String reason, Source source) {

    public static <T> Checked<T> valid(T value, byte[] raw) {
        return new Checked<>(value, raw, null, null);
    }

    public static <T> Checked<T> dead(byte[] raw, String reason) {
        return new Checked<>(null, raw, reason, null);
    }

    /**
     * The same record, noting where it was read: set when it waits in a store, since later the task's record metadata
     * describes another record. Null otherwise (the metadata is then this record's).
     */
    public Checked<T> withSource(Source where) {
        return new Checked<>(value, raw, reason, where);
    }

    public boolean isValid() {
        return reason == null;
    }

    /** The same record, now a dead letter for {@code why}. */
    public Checked<T> dead(String why) {
        return dead(raw, why);
    }
}
