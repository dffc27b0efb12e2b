package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.anyscope.cli.CommandRun;
import io.anyscope.git.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repositories whose default names collide (the last component of the location: mirrors kept as {@code .../a/repo},
 * {@code .../b/repo}; {@code github.com/x/api} and {@code github.com/y/api}) are told apart in every report: the
 * parent component is added, and where that is shared too, the id's first 8 characters. A name no other repository
 * has stays as it is. Repositories listed without names: {@code one/a/repo}, {@code two/a/repo} and
 * {@code b/repo}, plus {@code solo} and {@code x/b-repo} (whose name "b-repo" is "b/repo"'s as a file name: the
 * pages and checklists of the two are numbered).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepoNamesTest {
    @TempDir
    static Path tmp;
    Path data;
    Path reports;
    List<Path> locations;

    @BeforeAll
    void scanAndReport() throws Exception {
        locations = List.of(tmp.resolve("one/a/repo"), tmp.resolve("two/a/repo"), tmp.resolve("b/repo"),
                tmp.resolve("solo"), tmp.resolve("x/b-repo"));
        int i = 0;
        for (Path p : locations) {
            try (GitFixture g = GitFixture.init(p)) {
                g.commit("main", "2026-01-" + (10 + i++) + "T10:00:00Z",
                        Map.of("app/main.py", "import asyncio\n\n\nasync def main():\n    await asyncio.sleep(1)\n"));
            }
        }
        Path list = Files.writeString(tmp.resolve("repos.txt"),
                String.join("\n", locations.stream().map(Path::toString).toList()) + "\n");
        data = tmp.resolve("data");
        CommandRun.ok("scan", "--repos", list.toString(), "--out", data.toString(), "--no-progress");
        reports = tmp.resolve("reports");
        CommandRun.ok("report", "explore", "--data", data.toString(), "--out", reports.toString(),
                "--format", "html,csv");
        CommandRun.ok("report", "checklist", "--data", data.toString(), "--out", reports.toString(),
                "--format", "md");
    }

    @Test
    void sharedNamesGetTheirParentThenTheirId() throws Exception {
        try (Warehouse w = Warehouse.open(data)) {
            List<List<Object>> rows = w.query("SELECT r.repo, s.name FROM mart_repos r JOIN stg_repos s USING (repo_id) "
                    + "ORDER BY s.url").rows();
            String oneId = w.query("SELECT left(repo_id, 8) FROM stg_repos WHERE url LIKE '%/one/a/repo'").rows()
                    .get(0).get(0).toString();
            String twoId = w.query("SELECT left(repo_id, 8) FROM stg_repos WHERE url LIKE '%/two/a/repo'").rows()
                    .get(0).get(0).toString();
            // ordered by location: b/repo, one/a/repo, solo, two/a/repo, x/b-repo; the scan stores the names the
            // reports show (its stderr lines use them)
            assertThat(rows).containsExactly(List.of("b/repo", "b/repo"),
                    List.of("a/repo (" + oneId + ")", "a/repo (" + oneId + ")"), List.of("solo", "solo"),
                    List.of("a/repo (" + twoId + ")", "a/repo (" + twoId + ")"), List.of("b-repo", "b-repo"));
        }
    }

    @Test
    void eachRepositoryHasItsOwnExplorePageAndChecklistAndTheFilterTakesTheNewName() throws Exception {
        List<String> pages;
        try (var s = Files.list(reports.resolve("explore"))) {
            pages = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".html"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        }
        assertThat(pages).hasSize(5).contains("b-repo-1", "b-repo-2", "solo");
        // each repository's checklist document is named as its explore page
        try (var s = Files.list(reports.resolve("checklist"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .isEqualTo(pages.stream().map(n -> n + ".md").toList());
        }
        assertThat(Files.readString(reports.resolve("checklist/b-repo-1.md")) + Files.readString(reports.resolve(
                "checklist/b-repo-2.md"))).contains("# Migration checklist: b/repo\n", "# Migration checklist: b-repo\n");
        Path only = tmp.resolve("only-b");
        CommandRun.ok("report", "scope", "--data", data.toString(), "--out", only.toString(), "--repo", "b/repo",
                "--format", "csv");
        StringBuilder csv = new StringBuilder();
        try (var s = Files.list(only)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".csv")).toList()) {
                csv.append(Files.readString(p));
            }
        }
        assertThat(csv.toString()).contains("b/repo").doesNotContain("a/repo").doesNotContain("solo")
                .doesNotContain("b-repo");
    }
}
