package org.fleetstreams.ingest;

/**
 * A source record after parsing and checking: a valid value, or the reason it is a dead letter; always with the
 * original bytes, which is what a dead letter carries.
 */
public record Checked<T>(T value, byte[] raw, String reason) {

    public static <T> Checked<T> valid(T value, byte[] raw) {
        return new Checked<>(value, raw, null);
    }

    public static <T> Checked<T> dead(byte[] raw, String reason) {
        return new Checked<>(null, raw, reason);
    }

    public boolean isValid() {
        return reason == null;
    }

    /** The same record, now a dead letter for {@code why}. */
    public Checked<T> dead(String why) {
        return dead(raw, why);
    }
}
