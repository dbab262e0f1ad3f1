package org.fleetstreams.common.cli;

/**
 * What a port number may be, in one place: the options of both jars ({@link BadOptions#requirePort}), the embedded
 * broker's builder and an {@code application.server}. Where 0 is allowed it means "any free port"; where -1 is, "off".
 */
public final class Ports {

    /** The largest TCP port. */
    public static final int MAX = 65_535;

    private Ports() {
    }

    /**
     * Null when {@code port} is from {@code min} (1, 0 or -1) to {@link #MAX}; otherwise what is wrong, e.g.
     * {@code must be 0 (any free port) to 65535, was 70000}.
     */
    public static String problem(int port, int min) {
        if (min < -1 || min > 1) {
            throw new IllegalArgumentException("min must be -1, 0 or 1, was " + min);
        }
        if (port >= min && port <= MAX) {
            return null;
        }
        String range = switch (min) {
            case 1 -> "1 to " + MAX;
            case 0 -> "0 (any free port) to " + MAX;
            default -> "-1 (off) or 0 (any free port) to " + MAX;
        };
        return "must be " + range + ", was " + port;
    }
}
