package org.fleetstreams.pipeline;

/** A {@link LocalPipeline}'s replay ended with an exit code other than {@code ReplayJob.OK}; the message has its errors. */
public final class ReplayFailedException extends RuntimeException {

    ReplayFailedException(int code, String errors) {
        super("replay failed with exit code " + code + ": " + errors.strip());
    }
}
