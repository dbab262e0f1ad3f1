package org.fleetstreams.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a false alert is labelled. The acceptance tests assert "no alert on a negative" by these labels, so a label
 * that hid a negative behind an overlapping turn would let an alert on a bump pass unseen.
 */
class QualityFiguresTest {

    private static final GroundTruth.Event TURN = new GroundTruth.Event("r1", "turn", 10.0, 16.0, 0.25, 9.0);
    private static final GroundTruth.Event BUMP = new GroundTruth.Event("r1", "bump", 12.0, 12.4, 0.6, 9.0);

    @Test
    void aBumpDuringATurnIsWhatTheAlertIsBlamedOn() {
        // The turn starts first and is listed first; the alert at 12.1 s falls in both.
        assertThat(QualityFigures.label(List.of(TURN, BUMP), "r1", 12.1)).isEqualTo("bump");
        assertThat(QualityFigures.label(List.of(BUMP, TURN), "r1", 12.1)).isEqualTo("bump");
    }

    @Test
    void aTurnAloneIsATurnAndNothingNearIsNothing() {
        assertThat(QualityFigures.label(List.of(TURN, BUMP), "r1", 15.5)).isEqualTo("turn");
        assertThat(QualityFigures.label(List.of(TURN, BUMP), "r1", 30.0)).isEqualTo("nothing");
        assertThat(QualityFigures.label(List.of(TURN, BUMP), "r2", 12.1)).as("another ride's events")
                .isEqualTo("nothing");
    }

    @Test
    void withinOneSecondOfAnEventCounts() {
        assertThat(QualityFigures.label(List.of(BUMP), "r1", 11.1)).isEqualTo("bump");
        assertThat(QualityFigures.label(List.of(BUMP), "r1", 13.3)).isEqualTo("bump");
        assertThat(QualityFigures.label(List.of(BUMP), "r1", 13.5)).isEqualTo("nothing");
    }

    @Test
    void amongNegativesTheNearestStartIsNamed() {
        var pothole = new GroundTruth.Event("r1", "pothole", 12.8, 13.0, 0.9, 9.0);
        assertThat(QualityFigures.label(List.of(TURN, BUMP, pothole), "r1", 12.7)).isEqualTo("pothole");
        assertThat(QualityFigures.label(List.of(TURN, pothole, BUMP), "r1", 12.2)).isEqualTo("bump");
    }
}
