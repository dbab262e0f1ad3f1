package org.fleetstreams.replay.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fleetstreams.replay.data.BddDatasetFixtures.writeValidDataset;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --data data/sample/locations}: a kind folder given for the data set. Before, "no 'locations' folder in
 * .../locations" and "no 'accelerations' folder in .../locations", which does not say what to pass instead.
 */
class BddDatasetKindFolderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"locations", "accelerations"})
    void aKindFolderGivenForTheDataSetIsAnErrorSayingToPassItsParent(String kind) throws IOException {
        writeValidDataset(dir);

        assertThatThrownBy(() -> BddDataset.open(dir.resolve(kind)))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessage("no 'locations' or 'accelerations' folder in " + dir.resolve(kind) + ", which holds"
                        + " t=<seconds> partition folders itself: it looks like a kind folder; pass its parent (--data "
                        + dir + ")");
    }
}
