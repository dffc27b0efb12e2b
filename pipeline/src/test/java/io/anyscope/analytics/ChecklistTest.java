package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.anyscope.cli.CommandRun;
import io.anyscope.git.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.node.Emphasis;
import org.commonmark.node.Code;
import org.commonmark.node.ListItem;
import org.commonmark.parser.Parser;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The living checklist through a real weekly scan: a repository whose week-2 commit has four files with asyncio,
 * week 3 migrates src/b.py (done 2026-W03), week 4 migrates src/a.py, week 5 brings asyncio back into it (regressed
 * 2026-W05, done 2026-W04) and renames src/old_name.py (ticked: moved to src/new_name.py, which is open);
 * src/pkg/__init__.py and tests/test_c.py stay open. `report checklist` writes the
 * repository's document, its lines exact; the default phases put source before tests; --phase puts the package
 * first; the Markdown parses with commonmark-java to no HTML and no emphasis; a long checklist stays under GitHub's
 * limit with "and N more".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChecklistTest {
    static final String LEGACY = "import asyncio\n\n\nasync def job():\n    await asyncio.sleep(1)\n";
    static final String LEGACY_TWICE = LEGACY + "\n\nasync def other():\n    await asyncio.sleep(2)\n"
            + "    return await asyncio.wait_for(job(), 1)\n";
    static final String MOVED = LEGACY + "\n\ndef helper():\n    return 1\n";
    static final String MIGRATED = "import anyio\n\n\nasync def job():\n    await anyio.sleep(1)\n";

    @TempDir
    static Path tmp;
    Path data;
    Path reports;

    @BeforeAll
    void scanAndReport() throws Exception {
        Path repo = tmp.resolve("svc");
        try (GitFixture g = GitFixture.init(repo)) {
            ObjectId c = g.commit("main", "2026-01-06T10:00:00Z", Map.of("src/a.py", LEGACY, "src/b.py", LEGACY,
                    "src/pkg/__init__.py", LEGACY, "tests/test_c.py", LEGACY, "src/old_name.py", MOVED,
                    "README.md", "svc\n"));
            c = g.commit("main", "2026-01-13T10:00:00Z", Map.of("src/a.py", LEGACY, "src/b.py", MIGRATED,
                    "src/pkg/__init__.py", LEGACY, "tests/test_c.py", LEGACY, "src/old_name.py", MOVED,
                    "README.md", "svc\n"), c);
            // week 4: src/old_name.py is renamed, its sites with it
            c = g.commit("main", "2026-01-20T10:00:00Z", Map.of("src/a.py", MIGRATED, "src/b.py", MIGRATED,
                    "src/pkg/__init__.py", LEGACY, "tests/test_c.py", LEGACY_TWICE, "src/new_name.py", MOVED,
                    "README.md", "svc\n"), c);
            g.commit("main", "2026-01-27T10:00:00Z", Map.of("src/a.py", LEGACY, "src/b.py", MIGRATED,
                    "src/pkg/__init__.py", LEGACY, "tests/test_c.py", LEGACY_TWICE, "src/new_name.py", MOVED,
                    "README.md", "svc\n"), c);
        }
        Path list = Files.writeString(tmp.resolve("repos.txt"), repo + " svc payments\n");
        data = tmp.resolve("data");
        CommandRun.ok("scan", "--repos", list.toString(), "--out", data.toString(), "--history", "weekly",
                "--no-progress");
        reports = tmp.resolve("reports");
        CommandRun.ok("report", "checklist", "--data", data.toString(), "--out", reports.toString(),
                "--format", "md,html");
    }

    @Test
    void openDoneAndRegressedFilesInPhases() throws Exception {
        String doc = Files.readString(reports.resolve("checklist/svc.md"));
        List<String> lines = doc.lines().filter(l -> l.startsWith("#") || l.startsWith("- ")).toList();
        assertThat(lines).containsExactly(
                "# Migration checklist: svc",
                "## Phase 1: source code in src/ (2 of 5 done)",
                "- [ ] src/a.py — **regressed** 2026-W05 (done 2026-W04) — 2 legacy · mechanical 2 · "
                        + "asyncio ×1, asyncio.sleep ×1",
                "- [ ] src/new_name.py — 2 legacy · mechanical 2 · asyncio ×1, asyncio.sleep ×1",
                "- [ ] src/pkg/\\_\\_init\\_\\_.py — 2 legacy · mechanical 2 · asyncio ×1, asyncio.sleep ×1",
                "- [x] src/b.py — done 2026-W03",
                "- [x] src/old_name.py — moved to src/new_name.py 2026-W04",
                "## Phase 2: tests in tests/ (0 of 1 done)",
                "- [ ] tests/test_c.py — 4 legacy · mechanical 4 · asyncio.sleep ×2, asyncio ×1, "
                        + "asyncio.wait_for ×1");
        assertThat(doc).contains("_As of 2026-W05: 4 files open (1 regressed), 2 done_");
    }

    @Test
    void theMartHasOneRowPerFileWithItsWeeks() throws Exception {
        try (Warehouse w = Warehouse.open(data)) {
            assertThat(w.query("SELECT path, phase_no, status, legacy_sites, first_week, done_week, regressed_week, "
                    + "times_done, file_exists FROM rpt_checklist ORDER BY path").rows()).containsExactly(
                    Arrays.asList("src/a.py", 1, "regressed", 2L, "2026-W02", "2026-W04", "2026-W05", 1, true),
                    Arrays.asList("src/b.py", 1, "done", 0L, "2026-W02", "2026-W03", null, 1, true),
                    Arrays.asList("src/new_name.py", 1, "open", 2L, "2026-W04", null, null, 0, true),
                    Arrays.asList("src/old_name.py", 1, "done", 0L, "2026-W02", "2026-W04", null, 1, false),
                    Arrays.asList("src/pkg/__init__.py", 1, "open", 2L, "2026-W02", null, null, 0, true),
                    Arrays.asList("tests/test_c.py", 2, "open", 4L, "2026-W02", null, null, 0, true));
        }
    }

    @Test
    void configuredPhasesComeFirstAndTheRestIsOtherFiles() throws Exception {
        Path out = tmp.resolve("phased");
        CommandRun.ok("report", "checklist", "--data", data.toString(), "--out", out.toString(), "--format", "md",
                "--phase", "Package=src/pkg/", "--phase", "Tests=tests/**,test_*.py");
        List<String> headings = Files.readString(out.resolve("checklist/svc.md")).lines()
                .filter(l -> l.startsWith("## ")).toList();
        assertThat(headings).containsExactly("## Phase 1: Package (0 of 1 done)", "## Phase 2: Tests (0 of 1 done)",
                "## Phase 3: Other files (2 of 4 done)");
        // the same phases from anyscope.toml
        Path toml = Files.writeString(tmp.resolve("anyscope.toml"), "[report]\ndata = \"data\"\nout = \"from-toml\"\n"
                + "format = [\"md\"]\nphases = [\"Package=src/pkg/\", \"Tests=tests/**,test_*.py\"]\n");
        CommandRun.ok("report", "checklist", "--config", toml.toString());
        assertThat(Files.readString(tmp.resolve("from-toml/checklist/svc.md")).lines().filter(l -> l.startsWith("## ")))
                .containsExactlyElementsOf(headings);
        CommandRun bad = CommandRun.of("report", "checklist", "--data", data.toString(), "--out", out.toString(),
                "--phase", "no globs");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--phase 'no globs': expected NAME=GLOB").doesNotContain("Exception");
    }

    @Test
    void theMarkdownParsesToNoHtmlNoStrayEmphasisAndTheHtmlPageIsInTheFrame() throws Exception {
        for (Path p : List.of(reports.resolve("checklist/svc.md"), reports.resolve("checklist.md"))) {
            List<String> html = new ArrayList<>();
            List<String> emphasis = new ArrayList<>();
            List<String> code = new ArrayList<>();
            List<String> items = new ArrayList<>();
            Parser.builder().build().parse(Files.readString(p)).accept(new AbstractVisitor() {
                @Override
                public void visit(HtmlInline n) {
                    html.add(n.getLiteral());
                }

                @Override
                public void visit(HtmlBlock n) {
                    html.add(n.getLiteral());
                }

                @Override
                public void visit(Emphasis n) {
                    emphasis.add(text(n));
                }

                @Override
                public void visit(Code n) {
                    code.add(n.getLiteral());
                }

                @Override
                public void visit(ListItem n) {
                    items.add(text(n));
                }
            });
            assertThat(html).as(p.toString()).isEmpty();
            assertThat(emphasis).as(p.toString()).contains("As of 2026-W05: 4 files open (1 regressed), 2 done")
                    .allMatch(e -> e.startsWith("As of") || e.startsWith("Per repository"));
            assertThat(code).as(p.toString()).containsExactly("- [ ]", "- [x]");
            // the escaped path reads back as the path itself
            assertThat(items).as(p.toString()).contains("[ ] src/pkg/__init__.py — 2 legacy · mechanical 2 · "
                    + "asyncio ×1, asyncio.sleep ×1", "[x] src/b.py — done 2026-W03");
        }
        assertThat(Files.readString(reports.resolve("checklist.md"))).hasSizeLessThan(Checklist.GITHUB_LIMIT)
                .contains("| svc | payments | 2026-W05 | 4 | 1 | 2 | 6 | 33.3 | 10 | 0 |");
        String page = Files.readString(reports.resolve("checklist.html"));
        assertThat(page).contains("<nav").contains(">Checklist<").contains("src/pkg/__init__.py — 2 legacy")
                .contains("src/b.py — done 2026-W03");
    }

    @Test
    void theHtmlPageRendersInChromiumWithItsTableAndLists() throws Exception {
        Chromium chromium = Chromium.find(tmp, "ChecklistTest");
        String dom = chromium.dumpDom(reports.resolve("checklist.html"));
        Chromium.assertRendered(dom, 0, "checklist");
        assertThat(dom).contains("<li>[ ] src/a.py — <strong>regressed</strong> 2026-W05 (done 2026-W04)")
                .contains("<li>[x] src/b.py — done 2026-W03</li>")
                .contains("<li>[ ] src/pkg/__init__.py — 2 legacy");
    }

    @Test
    void aLongChecklistStaysUnderGitHubsLimitWithAndNMore() {
        List<Checklist.Item> items = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {       // in the mart's order: open files first, then done ones
            boolean done = i >= 4000;
            items.add(new Checklist.Item("source code in src/", "src/module_" + i + "/__init__.py",
                    done ? "done" : "open", done ? 0 : 5, 0, done ? null : "manual 1, mechanical 4",
                    done ? null : "asyncio.get_event_loop ×3, asyncio.sleep ×2", done ? "2026-W03" : null, null,
                    true, null));
        }
        String doc = Checklist.document(new Checklist.Repo("big", "2026-W05", items));
        assertThat(doc.length()).isLessThan(Checklist.GITHUB_LIMIT);
        // 400 lines of about 110 characters fit, 6,000 do not
        assertThat(doc).contains("## Phase 1: source code in src/ (2000 of 6000 done)",
                "- … and 5600 more (3600 open, 2000 done)");
        assertThat(doc.lines().filter(l -> l.startsWith("- [ ] src/module_")).count()).isEqualTo(400);
        assertThat(doc.lines().filter(l -> l.startsWith("- [x]")).count()).isZero();
    }

    private static String text(Node n) {
        StringBuilder b = new StringBuilder();
        n.accept(new AbstractVisitor() {
            @Override
            public void visit(org.commonmark.node.Text t) {
                b.append(t.getLiteral());
            }
        });
        return b.toString();
    }
}
