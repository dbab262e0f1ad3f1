package org.fleetstreams.generate;

/**
 * One scripted event of a synthetic car, in simulated seconds.
 *
 * @param magnitude g for braking, turns and bumps (positive), degrees of rotation for phone handling
 */
public record Manoeuvre(Kind kind, double start, double duration, double magnitude) {

    /** What happens; {@link #truth()} is its ground-truth label. */
    public enum Kind {
        PULL_AWAY("pull_away"), HARSH_BRAKING("harsh_braking"), MILD_BRAKING("mild_braking"), TURN("turn"),
        BUMP("bump"), HANDLING("handling"), ACCELERATE("accelerate");

        private final String truth;

        Kind(String truth) {
            this.truth = truth;
        }

        public String truth() {
            return truth;
        }
    }

    public double end() {
        return start + duration;
    }
}
