package org.fleetstreams.pipeline;

/** The embedded broker of a {@link LocalPipeline} did not start (e.g. its port is taken); the cause says why. */
public final class BrokerStartException extends RuntimeException {

    BrokerStartException(int port, RuntimeException cause) {
        super("cannot start the embedded Kafka broker on port " + port + ": " + cause.getMessage(), cause);
    }
}
