package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The vendored Chart.js is the pinned file, and the page texts lose internal references. */
class ChartJsTest {
    @Test
    void theVendoredChartJsIsThePinnedFile() {
        assertThat(ChartJs.integrity(ChartJs.bytes())).isEqualTo(ChartJs.SHA512);
        assertThat(ChartJs.source()).startsWith("/*!\n * Chart.js v" + ChartJs.VERSION).doesNotContain("sourceMappingURL")
                .doesNotContain("</script");
        assertThat(ChartJs.integrity("tampered".getBytes())).isNotEqualTo(ChartJs.SHA512);
    }

    @Test
    void catalogNotesLoseTheirSeedReferencesButKeepTheirMeaning() {
        assertThat(PageFrame.userText("One-to-one entry point; only the call shape changes (seed 004 Pattern 9)."))
                .isEqualTo("One-to-one entry point; only the call shape changes.");
        assertThat(PageFrame.userText("Futures are loop-bound; seed 004 Pattern 7 replaced them with an Event."))
                .isEqualTo("Futures are loop-bound; a reference migration replaced them with an Event.");
        assertThat(PageFrame.userText("Seed 004 Pattern 7: set_result becomes storing the value."))
                .isEqualTo("In a reference migration, set_result becomes storing the value.");
        assertThat(PageFrame.userText("the seeds did not")).isEqualTo("the seeds did not");
    }

    @Test
    void columnsGetHumanHeadersAndWhatComesFirst() {
        assertThat(PageFrame.columnLabel("est_hours")).isEqualTo("Estimated hours");
        assertThat(PageFrame.columnLabel("some_new_column")).isEqualTo("Some new column");
        assertThat(PageFrame.columnRank("symbol")).isLessThan(PageFrame.columnRank("repo"));
        assertThat(PageFrame.columnRank("repo")).isLessThan(PageFrame.columnRank("author"));
        assertThat(PageFrame.columnRank("author")).isLessThan(PageFrame.columnRank("sites"));
        assertThat(PageFrame.columnRank("sites")).isLessThan(PageFrame.columnRank("some_new_column"));
    }
}
