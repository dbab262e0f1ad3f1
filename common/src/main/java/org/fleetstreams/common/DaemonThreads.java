package org.fleetstreams.common;

import java.util.concurrent.ThreadFactory;

/**
 * Threads for the helpers beside the main work (HTTP handlers, timers, look-ups, file prefetch): daemons, so a helper
 * that is still waiting never keeps the JVM alive once the main work has ended, and named, so a thread dump says
 * whose each one is.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A factory of daemon threads all named {@code name}. */
    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
