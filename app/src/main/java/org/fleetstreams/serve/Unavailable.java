package org.fleetstreams.serve;

/** The answer cannot be given right now (rebalancing, a store not ready): HTTP 503 with Retry-After. */
final class Unavailable extends RuntimeException {

    Unavailable(String message) {
        super(message);
    }
}
