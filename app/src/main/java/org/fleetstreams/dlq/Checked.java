package org.fleetstreams.dlq;

/**
 * A source record after parsing and checking: either a valid value, or the original bytes with the reason they
 * are a dead letter.
 */
public record Checked<T>(T value, byte[] raw, String reason) {

    public static <T> Checked<T> valid(T value) {
        return new Checked<>(value, null, null);
    }

    public static <T> Checked<T> dead(byte[] raw, String reason) {
        return new Checked<>(null, raw, reason);
    }

    public boolean isValid() {
        return reason == null;
    }
}
