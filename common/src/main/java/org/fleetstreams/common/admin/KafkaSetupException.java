package org.fleetstreams.common.admin;

/** Kafka is unreachable or its topics cannot be used as asked; the message says what and what to do. */
public final class KafkaSetupException extends RuntimeException {

    public KafkaSetupException(String message) {
        super(message);
    }

    public KafkaSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
