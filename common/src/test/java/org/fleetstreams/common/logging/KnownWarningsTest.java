package org.fleetstreams.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one-line explanations the console shows for Kafka warnings that mean something to a user. */
class KnownWarningsTest {

    @Test
    void theBrokersFutureTimestampWarningIsExplained() {
        assertThat(KnownWarnings.explain("Appended 12 records to bdd-locations-0 which contains future timestamp(s)"))
                .get().extracting(KnownWarnings.Known::key).isEqualTo("future-timestamps");
    }

    @Test
    void kafkaStreamsStateDirUnderTmpIsExplained() {
        // Kafka Streams 4.3's StateDirectory words
        assertThat(KnownWarnings.explain("Using an OS temp directory in the state.dir property can cause failures with"
                + " writing the checkpoint file due to the fact that this directory can be cleared by the OS."))
                .get().extracting(KnownWarnings.Known::key).isEqualTo("state-dir-in-tmp");
    }

    @Test
    void otherWarningsAreNotExplainedAndStayInTheLogFile() {
        assertThat(KnownWarnings.explain("Processing exception handler is not enabled for the GlobalThread")).isEmpty();
        assertThat(KnownWarnings.explain(null)).isEmpty();
    }

    @Test
    void everyExplanationIsOneLine() {
        assertThat(KnownWarnings.TABLE).allSatisfy(k -> assertThat(k.explanation()).doesNotContain("\n"));
    }
}
