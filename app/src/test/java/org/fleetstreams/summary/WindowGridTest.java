package org.fleetstreams.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WindowGridTest {

    private final WindowGrid course = new WindowGrid(30_000, 15_000, 3_600);

    @Test
    void aRecordIsInTwoWindowsOfTheCourseGridAndInOnePane() {
        assertThat(course.paneMs()).isEqualTo(15_000);
        assertThat(course.windowsContaining(40_000)).containsExactly(15_000L, 30_000L);
        assertThat(course.windowsContaining(45_000)).containsExactly(30_000L, 45_000L);
        assertThat(course.windowsContaining(-1)).containsExactly(-30_000L, -15_000L);
        assertThat(course.paneStart(44_999)).isEqualTo(30_000);
    }

    @Test
    void windowsCloseOnlyAtEndPlusGraceInstants() {
        assertThat(course.closeTime(30_000)).isEqualTo(63_600);
        assertThat(course.closedBy(63_599)).isEqualTo(48_600);
        assertThat(course.closedBy(63_600)).isEqualTo(63_600);
        assertThat(course.paneObsoleteAt(45_000)).isEqualTo(course.closeTime(45_000));
    }

    @Test
    void otherGridsUseTheGreatestCommonDivisorAsPane() {
        WindowGrid grid = new WindowGrid(10_000, 4_000, 0);
        assertThat(grid.paneMs()).isEqualTo(2_000);
        assertThat(grid.windowsContaining(9_000)).containsExactly(0L, 4_000L, 8_000L);
        assertThatThrownBy(() -> new WindowGrid(10_000, 20_000, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEarliestWindowContainingATimeIsTheFirstOfItsWindows() {
        WindowGrid[] grids = {course, new WindowGrid(10_000, 4_000, 0), new WindowGrid(5_000, 5_000, 0)};
        for (WindowGrid grid : grids) {
            for (long t = -50_000; t <= 50_000; t += 250) {
                assertThat(grid.earliestWindowContaining(t)).as("t %d", t).isEqualTo(grid.windowsContaining(t).get(0));
            }
        }
    }
}
