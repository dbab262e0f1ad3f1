package org.fleetstreams.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verifier can fail: the fault scenarios' "exactly once" is only as good as its verdict on outputs that are not.
 * Each kind of wrong output (a result lost, one written twice, one nobody expected, a window's final written twice,
 * a dead letter for the same record twice, a summary the reference model counts otherwise) fails the report on its
 * own, and says which.
 */
class VerifierVerdictTest {

    private static Multiset of(String... keys) {
        Multiset m = new Multiset();
        for (String k : keys) {
            m.add(k);
        }
        return m;
    }

    private static VerifierReport report(TopicCheck check, int repeatedFinals, int repeatedDeadLetters) {
        return new VerifierReport(3, List.of(check), repeatedFinals, repeatedDeadLetters, List.of(), Duration.ZERO);
    }

    @Test
    void theSameOutputAsExpectedPasses() {
        TopicCheck check = Multiset.compare("t-joined", of("a", "b", "b"), of("b", "a", "b"));

        assertThat(check.passed()).isTrue();
        assertThat(report(check, 0, 0).passed()).isTrue();
    }

    @Test
    void aLostResultFails() {
        TopicCheck check = Multiset.compare("t-joined", of("a", "b", "c"), of("a", "c"));

        assertThat(check).extracting(TopicCheck::missing, TopicCheck::duplicated, TopicCheck::unexpected)
                .containsExactly(1, 0, 0);
        assertThat(check.examples()).containsExactly("missing b");
        assertThat(report(check, 0, 0).passed()).isFalse();
    }

    @Test
    void aResultWrittenTwiceFailsEvenWhenTheCountsAddUp() {
        // one lost and one duplicated: the totals agree (3 and 3), the multisets do not
        TopicCheck check = Multiset.compare("t-joined", of("a", "b", "c"), of("a", "a", "c"));

        assertThat(check.expected()).isEqualTo(check.found());
        assertThat(check).extracting(TopicCheck::missing, TopicCheck::duplicated).containsExactly(1, 1);
        assertThat(report(check, 0, 0).passed()).isFalse();
    }

    @Test
    void aResultNobodyExpectedFails() {
        TopicCheck check = Multiset.compare("t-harsh-braking", of("a"), of("a", "z"));

        assertThat(check.unexpected()).isEqualTo(1);
        assertThat(check.examples()).containsExactly("unexpected z");
        assertThat(report(check, 0, 0).passed()).isFalse();
    }

    @Test
    void aRepeatedFinalOrDeadLetterFailsWithEveryRecordAccountedFor() {
        TopicCheck exact = Multiset.compare("t-car-summaries", of("a"), of("a"));

        assertThat(report(exact, 1, 0).passed()).isFalse();
        assertThat(report(exact, 0, 1).passed()).isFalse();
        assertThat(of("w1", "w2", "w2", "w2").extraCopies()).isEqualTo(2);
    }

    /** The summaries the app wrote and those the reference model counts disagree: a failure, whatever the topics say. */
    @Test
    void aSummaryTheReferenceModelCountsOtherwiseFails() {
        TopicCheck exact = Multiset.compare("t-car-summaries", of("a"), of("a"));
        VerifierReport report = new VerifierReport(3, List.of(exact), 0, 0,
                List.of("r@1503878400000: samples 1499 counted, 1500 in the reference"), Duration.ZERO);

        assertThat(report.passed()).isFalse();
        assertThat(report.toString()).startsWith("verifier: FAIL").contains("1 differ, e.g. r@1503878400000");
    }
}
