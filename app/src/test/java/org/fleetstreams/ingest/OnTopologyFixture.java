package org.fleetstreams.ingest;

import java.nio.file.Path;
import org.fleetstreams.app.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The dead-letter tests' set-up: a fresh topology in a TopologyTestDriver for every test, closed after it. */
abstract class OnTopologyFixture {

    @TempDir
    Path state;
    TopologyFixture app;

    @BeforeEach
    void start() {
        app = new TopologyFixture(TopologyFixture.config(state));
    }

    @AfterEach
    void stop() {
        app.close();
    }
}
