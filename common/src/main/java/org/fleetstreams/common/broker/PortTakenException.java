package org.fleetstreams.common.broker;

import java.net.BindException;

/** The broker could not bind a listener port. */
final class PortTakenException extends IllegalStateException {

    PortTakenException(String message, Throwable cause) {
        super(message, cause);
    }

    static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }
}
