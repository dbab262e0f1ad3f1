package org.fleetstreams.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fleetstreams.generate.Manoeuvre.Kind;
import org.junit.jupiter.api.Test;

/**
 * {@link ActiveManoeuvres} finds, at every step, exactly the manoeuvres in exactly the order that
 * {@link CarSimulator}'s old scan of the whole script found ({@link #oldScan}, kept here as it was).
 */
class ActiveManoeuvresTest {

    private static final double DT = 0.02; // CarSimulator's step, and its t = step * DT

    /** CarSimulator.advance's loop before ActiveManoeuvres: every manoeuvre, in script order, at every step. */
    private static List<Integer> oldScan(List<Manoeuvre> script, double t) {
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < script.size(); i++) {
            Manoeuvre m = script.get(i);
            if (t < m.start() || t >= m.end()) {
                continue;
            }
            active.add(i);
        }
        return active;
    }

    private static List<Integer> cursor(ActiveManoeuvres active, double t) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0, under = active.at(t); k < under; k++) {
            out.add(active.index(k));
        }
        return out;
    }

    /** Steps through the script as CarSimulator does; returns the steps at which one or more manoeuvres were under way. */
    private static int compareAtEveryStep(List<Manoeuvre> script, double durationS) {
        ActiveManoeuvres active = new ActiveManoeuvres(script);
        int busy = 0;
        for (int step = 0; step * DT < durationS; step++) {
            double t = step * DT;
            List<Integer> expected = oldScan(script, t);
            assertThat(cursor(active, t)).as("t = %s", t).isEqualTo(expected);
            busy += expected.isEmpty() ? 0 : 1;
        }
        return busy;
    }

    @Test
    void theScriptsOfManySeedsHaveTheSameManoeuvresUnderWayAtEveryStepOfAnHour() {
        for (long seed = 1; seed <= 6; seed++) {
            List<Manoeuvre> script = CarScript.random(new SplittableRandom(seed), 3600).manoeuvres();
            assertThat(script).as("seed %d", seed).hasSizeGreaterThan(200);

            int busy = compareAtEveryStep(script, 3600);

            assertThat(busy).as("seed %d: steps with a manoeuvre under way", seed).isGreaterThan(10_000);
        }
    }

    /**
     * Scripts CarScript does not make, but the look-up must get right: overlapping and nested manoeuvres, equal
     * starts, back-to-back ones (one ends where the next starts), an instant one, and a long one that ends after
     * many short ones behind it have started and ended.
     */
    @Test
    void overlappingNestedAndBackToBackManoeuvresAreFoundAsTheScanFoundThem() {
        List<Manoeuvre> script = List.of(
                new Manoeuvre(Kind.PULL_AWAY, 1.0, 30, 0.1),
                new Manoeuvre(Kind.TURN, 2.0, 3, 0.2),
                new Manoeuvre(Kind.BUMP, 2.0, 0.01, 1.0),
                new Manoeuvre(Kind.HARSH_BRAKING, 4.0, 2, 0.5),
                new Manoeuvre(Kind.ACCELERATE, 6.0, 4, 0.12),
                new Manoeuvre(Kind.BUMP, 7.3, 0, 1.0),
                new Manoeuvre(Kind.HANDLING, 7.3, 1.5, 45),
                new Manoeuvre(Kind.MILD_BRAKING, 20.0, 40, 0.2),
                new Manoeuvre(Kind.TURN, 45.0, 2, 0.2));

        compareAtEveryStep(script, 70);

        ActiveManoeuvres active = new ActiveManoeuvres(script);
        assertThat(cursor(active, 2.0)).containsExactly(0, 1, 2);
        assertThat(cursor(active, 6.0)).containsExactly(0, 4); // the brake ended as the acceleration started
        assertThat(cursor(active, 7.3)).containsExactly(0, 4, 6); // the instant bump is never under way
        assertThat(cursor(active, 30.5)).containsExactly(0, 7); // the pull-away, before the ended ones, lasts to 31 s
        assertThat(cursor(active, 45.5)).containsExactly(7, 8);
        assertThat(cursor(active, 80)).isEmpty();
    }

    @Test
    void aScriptOutOfOrderOrATimeGoingBackIsRefused() {
        assertThatThrownBy(() -> new ActiveManoeuvres(List.of(new Manoeuvre(Kind.TURN, 5, 1, 0.2),
                new Manoeuvre(Kind.BUMP, 4, 0.01, 1)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("manoeuvre 1 starts at 4.0, before manoeuvre 0 at 5.0");

        ActiveManoeuvres active = new ActiveManoeuvres(List.of(new Manoeuvre(Kind.TURN, 5, 1, 0.2)));
        assertThat(active.at(5.5)).isEqualTo(1);
        assertThatThrownBy(() -> active.at(5.4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("went back from 5.5 to 5.4");
    }
}
