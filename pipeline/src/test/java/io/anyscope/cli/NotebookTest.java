package io.anyscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.anyscope.analytics.AnalyticsFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Executes every notebooks/*.md against the fixture; a failing cell fails the command with its number. */
class NotebookTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void fixture() throws Exception {
        data = AnalyticsFixture.write(tmp.resolve("DATA"));
    }

    static int run(StringWriter o, StringWriter e, String... args) {
        return Main.run(args, new PrintWriter(o), new PrintWriter(e));
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookRuns() throws Exception {
        List<Path> books;
        try (Stream<Path> s = Files.list(Path.of("..", "notebooks"))) {
            books = s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        assertThat(books).hasSizeGreaterThanOrEqualTo(4);
        return books.stream().map(b -> DynamicTest.dynamicTest(b.getFileName().toString(), () -> {
            Path out = tmp.resolve(b.getFileName().toString() + ".html");
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            assertThat(run(o, e, "notebook", b.toString(), "--data", data.toString(), "--out", out.toString()))
                    .as(e.toString()).isEqualTo(Main.OK);
            String html = Files.readString(out);
            assertThat(html).contains("<table class=\"sortable\">").contains("cell 1").doesNotContain("<link");
        }));
    }

    @Test
    void whoIntroducedNewCreateTaskCallsNamesTheCommitThatChangedTheFile() throws Exception {
        Path out = tmp.resolve("ad-hoc.html");
        StringWriter e = new StringWriter();
        assertThat(run(new StringWriter(), e, "notebook", Path.of("..", "notebooks", "ad-hoc-questions.md").toString(),
                "--data", data.toString(), "--out", out.toString())).as(e.toString()).isEqualTo(Main.OK);
        // W05's create_task came with Eve Early's ca05a; the week's snapshot commit (Dana Dev's ca05) is not named.
        String html = Files.readString(out);
        assertThat(html).contains("<td>Eve Early</td>").contains("<td>ca05a</td>").doesNotContain("Dana Dev");
    }

    @Test
    void chartsAndMarkdownAreRendered() throws Exception {
        Path nb = tmp.resolve("mini.md");
        Files.writeString(nb, "# Mini\n\nSome *text* and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                + "```sql chart=line x=week y=pct_migrated series=repo title=\"% migrated\"\n"
                + "SELECT repo, week, pct_migrated FROM mart_progress_repo_week ORDER BY repo, week;\n```\n");
        Path out = tmp.resolve("mini.html");
        StringWriter e = new StringWriter();
        assertThat(run(new StringWriter(), e, "notebook", nb.toString(), "--data", data.toString(), "--out", out.toString()))
                .as(e.toString()).isEqualTo(Main.OK);
        String html = Files.readString(out);
        assertThat(html).contains("<em>text</em>").contains("<td>2</td>").contains("<svg").contains("2026-W07")
                .contains("<title>Mini</title>");
    }

    @Test
    void aFailingCellFailsWithItsNumberAndDuckDbsMessage() throws Exception {
        Path nb = tmp.resolve("bad.md");
        Files.writeString(nb, "# Bad\n\n```sql\nSELECT 1;\n```\n\ntext\n\n```sql\nSELECT * FROM mart_nothing_here;\n```\n");
        StringWriter e = new StringWriter();
        int code = run(new StringWriter(), e, "notebook", nb.toString(), "--data", data.toString(),
                "--out", tmp.resolve("bad.html").toString());
        assertThat(code).isEqualTo(Main.FAILED);
        assertThat(e.toString()).contains("cell 2 failed").contains("mart_nothing_here").contains("Catalog Error");
        assertThat(tmp.resolve("bad.html")).doesNotExist();
    }
}
