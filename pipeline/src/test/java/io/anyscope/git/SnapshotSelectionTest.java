package io.anyscope.git;

import io.anyscope.git.History.Mode;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.anyscope.git.GitFixture.at;
import static io.anyscope.git.GitFixture.ident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Snapshot selection over small dated histories; commit ids are exact. */
class SnapshotSelectionTest {
    @TempDir
    static Path tmp;

    /** linear: c1 c2 (W01), c3 last second of W02, c4 first second of W03, gap W04-W05, c5 in W06. */
    static GitFixture linear;
    static ObjectId c1, c2, c3, c4, c5;

    /** merge: m1 m2 on main, feature f1 f2 from m1, m3 on main, merge M = (m3, f2). */
    static GitFixture merge;
    static ObjectId m1, m2, f1, f2, m3, mm;

    @BeforeAll
    static void build() {
        linear = GitFixture.init(tmp.resolve("linear"));
        c1 = linear.commit("main", "2024-01-03T10:00:00Z", Map.of("app.py", "1"));
        c2 = linear.commit("main", "2024-01-05T12:00:00Z", Map.of("app.py", "2"), c1);
        c3 = linear.commit("main", "2024-01-14T23:59:59Z", Map.of("app.py", "3"), c2);
        c4 = linear.commit("main", "2024-01-15T00:00:00Z", Map.of("app.py", "4"), c3);
        c5 = linear.commit("main", "2024-02-07T08:00:00Z", Map.of("app.py", "5"), c4);

        merge = GitFixture.init(tmp.resolve("merge"));
        m1 = merge.commit("main", "2024-03-04T09:00:00Z", Map.of("a.py", "1"));
        m2 = merge.commit("main", "2024-03-06T09:00:00Z", Map.of("a.py", "2"), m1);
        f1 = merge.commit("feature", "2024-03-12T09:00:00Z", Map.of("a.py", "1", "f.py", "1"), m1);
        f2 = merge.commit("feature", "2024-03-13T09:00:00Z", Map.of("a.py", "1", "f.py", "2"), f1);
        m3 = merge.commit("main", "2024-03-14T09:00:00Z", Map.of("a.py", "3"), m2);
        mm = merge.commit("main", "2024-03-20T09:00:00Z", Map.of("a.py", "3", "f.py", "2"), m3, f2);
        merge.lightweightTag("v0.1", m1);
        merge.annotatedTag("v0.2", m2, "2024-03-07T00:00:00Z");
        merge.annotatedTag("v1.0", mm, "2024-03-21T00:00:00Z");
        merge.lightweightTag("feature-preview", f1);
        merge.annotatedTag("feature-rc", f2, "2024-03-13T10:00:00Z");
    }

    @AfterAll
    static void close() {
        linear.close();
        merge.close();
    }

    private static String row(Snapshot s) {
        String id = s.commitId().equals(Snapshot.HEAD) ? "" : name(s.commitId());
        return s.label() + " " + s.kind() + " " + id + (s.isHead() ? " head" : "") + (s.repeated() ? " repeated" : "");
    }

    private static String name(String commitId) {
        for (var e : Map.of("c1", c1, "c2", c2, "c3", c3, "c4", c4, "c5", c5,
                "m1", m1, "m2", m2, "f1", f1, "f2", f2, "m3", m3).entrySet()) {
            if (e.getValue().name().equals(commitId)) {
                return e.getKey();
            }
        }
        return mm.name().equals(commitId) ? "M" : commitId;
    }

    private static List<String> rows(List<Snapshot> snapshots) {
        return snapshots.stream().map(SnapshotSelectionTest::row).collect(Collectors.toList());
    }

    @Test
    void commitIdsAreReproducible() {
        // Same content, identities and dates: same id on every machine (guards the fixture itself). Checked against
        // C git: commit-tree of a tree with app.py = "1", Alice <alice@example.com> 1704276000 +0000.
        assertThat(c1.name()).isEqualTo("11f32a94943c4f1f31bd1eed99f48c1040bf5a67");
    }

    @Test
    void weeklyRepeatsEmptyWeeksAndCutsAtMondayMidnightUtc() {
        List<Snapshot> weeks = History.of(linear.repo, null).snapshots(Mode.WEEKLY, null, null);
        assertThat(rows(weeks)).containsExactly(
                "2024-W01 week c2",
                "2024-W02 week c3",          // 23:59:59 on Sunday is still W02
                "2024-W03 week c4",          // 00:00:00 on Monday is W03
                "2024-W04 week c4 repeated",
                "2024-W05 week c4 repeated",
                "2024-W06 week c5 head");    // the tip closes the list: no extra head row
        Snapshot w2 = weeks.get(1);
        assertThat(w2.periodStart()).isEqualTo(LocalDate.of(2024, 1, 8));
        assertThat(w2.periodEnd()).isEqualTo(LocalDate.of(2024, 1, 14));
        assertThat(w2.commitId()).isEqualTo(c3.name());
        assertThat(w2.commitTime()).isEqualTo(at("2024-01-14T23:59:59Z"));
        assertThat(w2.authorTime()).isEqualTo(at("2024-01-14T23:59:59Z"));
        assertThat(w2.author()).isEqualTo("Alice");
    }

    @Test
    void weeklyWindowKeepsEachLabelsCommit() {
        History h = History.of(linear.repo, null);
        assertThat(rows(h.snapshots(Mode.WEEKLY, LocalDate.of(2024, 1, 10), LocalDate.of(2024, 1, 31))))
                .containsExactly("2024-W02 week c3", "2024-W03 week c4", "2024-W04 week c4 repeated",
                        "2024-W05 week c4 repeated", "head head c5 head");
        // starting inside a gap: the first row is still marked repeated, as without the window
        assertThat(rows(h.snapshots(Mode.WEEKLY, LocalDate.of(2024, 1, 24), LocalDate.of(2024, 1, 24))))
                .containsExactly("2024-W04 week c4 repeated", "head head c5 head");
        // weeks before the first commit produce nothing; until after the tip repeats the tip
        assertThat(rows(h.snapshots(Mode.WEEKLY, LocalDate.of(2023, 12, 1), LocalDate.of(2024, 2, 19))))
                .startsWith("2024-W01 week c2")
                .endsWith("2024-W06 week c5 head", "2024-W07 week c5 head repeated",
                        "2024-W08 week c5 head repeated")
                .hasSize(8);
        // until before the first commit: only the tip
        assertThat(rows(h.snapshots(Mode.WEEKLY, null, LocalDate.of(2023, 6, 1)))).containsExactly("head head c5 head");
        assertThatThrownBy(() -> h.snapshots(Mode.WEEKLY, LocalDate.of(2024, 2, 1), LocalDate.of(2024, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void monthlyAndHeadAndAll() {
        History h = History.of(linear.repo, null);
        assertThat(rows(h.snapshots(Mode.MONTHLY, null, LocalDate.of(2024, 3, 31))))
                .containsExactly("2024-01 month c4", "2024-02 month c5 head", "2024-03 month c5 head repeated");
        Snapshot jan = h.snapshots(Mode.MONTHLY, null, null).get(0);
        assertThat(jan.periodStart()).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(jan.periodEnd()).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(rows(h.snapshots(Mode.MONTHLY, null, LocalDate.of(2024, 1, 15))))
                .containsExactly("2024-01 month c4", "head head c5 head");
        assertThat(rows(h.snapshots(Mode.HEAD, LocalDate.of(2020, 1, 1), null))).containsExactly("head head c5 head");
        assertThat(h.snapshots(Mode.HEAD, null, null).get(0).periodStart()).isNull();
        List<Snapshot> all = h.snapshots(Mode.ALL, null, null);
        assertThat(all).extracting(Snapshot::label)
                .containsExactly(c1.name(), c2.name(), c3.name(), c4.name(), c5.name());
        assertThat(all).extracting(Snapshot::kind).containsOnly(Snapshot.COMMIT);
        assertThat(rows(h.snapshots(Mode.ALL, LocalDate.of(2024, 1, 5), LocalDate.of(2024, 1, 14))))
                .containsExactly(c2.name() + " commit c2", c3.name() + " commit c3", "head head c5 head");
    }

    @Test
    void isoWeekBasedYearAndUtcCutOff() {
        try (GitFixture g = GitFixture.init(tmp.resolve("newyear"))) {
            ObjectId a = g.commit("main", "2024-12-28T12:00:00Z", Map.of("a.py", "a"));
            ObjectId b = g.commit("main", "2024-12-30T09:00:00Z", Map.of("a.py", "b"), a);
            // committed at 01:00 on Monday 2025-01-06 in +02:00, i.e. Sunday 23:00 UTC: still 2025-W01
            PersonIdent late = ident("Bob", at("2025-01-05T23:00:00Z"), ZoneOffset.ofHours(2));
            ObjectId c = g.commit("main", late, late, "late", Map.of("a.py", "c"), b);
            List<Snapshot> weeks = History.of(g.repo, null).snapshots(Mode.WEEKLY, null, null);
            assertThat(weeks).extracting(Snapshot::label).containsExactly("2024-W52", "2025-W01");
            assertThat(weeks).extracting(Snapshot::commitId).containsExactly(a.name(), c.name());
            assertThat(weeks.get(1).periodStart()).isEqualTo(LocalDate.of(2024, 12, 30));
            assertThat(weeks.get(1).periodEnd()).isEqualTo(LocalDate.of(2025, 1, 5));
            assertThat(weeks.get(1).author()).isEqualTo("Bob");
            assertThat(History.of(g.repo, null).snapshots(Mode.MONTHLY, null, null))
                    .extracting(Snapshot::label).containsExactly("2024-12", "2025-01");
        }
        assertThat(History.weekLabel(LocalDate.of(2021, 1, 2))).isEqualTo("2020-W53");
        assertThat(History.weekLabel(LocalDate.of(2026, 2, 12))).isEqualTo("2026-W07");
    }

    @Test
    void labelsAreAsciiWhateverTheDefaultLocale() {
        // String.format without a locale writes Arabic-Indic digits under ar-SA: labels are data, not display
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("ar-SA"));
            assertThat(History.weekLabel(LocalDate.of(2026, 2, 12))).isEqualTo("2026-W07");
            assertThat(rows(History.of(linear.repo, null).snapshots(Mode.MONTHLY, null, null)))
                    .containsExactly("2024-01 month c4", "2024-02 month c5 head");
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }

    @Test
    void nonMonotonicCommitterDatesNeverMoveBackwards() {
        try (GitFixture g = GitFixture.init(tmp.resolve("skewed"))) {
            ObjectId a = g.commit("main", "2024-01-03T00:00:00Z", Map.of("a.py", "a"));
            ObjectId b = g.commit("main", "2024-01-20T00:00:00Z", Map.of("a.py", "b"), a);
            ObjectId c = g.commit("main", "2024-01-10T00:00:00Z", Map.of("a.py", "c"), b); // clock skew
            ObjectId d = g.commit("main", "2024-01-24T00:00:00Z", Map.of("a.py", "d"), c);
            List<Snapshot> weeks = History.of(g.repo, null).snapshots(Mode.WEEKLY, null, null);
            // rule: newest commit in first-parent order whose committer date is before the week's end
            assertThat(weeks).extracting(Snapshot::label)
                    .containsExactly("2024-W01", "2024-W02", "2024-W03", "2024-W04");
            assertThat(weeks).extracting(Snapshot::commitId)
                    .containsExactly(a.name(), c.name(), c.name(), d.name());
            assertThat(weeks).extracting(Snapshot::repeated).containsExactly(false, false, true, false);
        }
    }

    @Test
    void mergesContributeOnlyTheirFirstParentLine() {
        History h = History.of(merge.repo, null);
        assertThat(h.branch()).isEqualTo("main");
        assertThat(h.refName()).isEqualTo("refs/heads/main");
        assertThat(h.tip()).isEqualTo(mm);
        assertThat(h.firstParentCommits()).containsExactly(m1, m2, m3, mm);
        assertThat(rows(h.snapshots(Mode.WEEKLY, null, null)))
                .containsExactly("2024-W10 week m2", "2024-W11 week m3", "2024-W12 week M head");
    }

    @Test
    void branchOverrideAndMissingBranch() {
        History feature = History.of(merge.repo, "feature");
        assertThat(feature.branch()).isEqualTo("feature");
        assertThat(feature.firstParentCommits()).containsExactly(m1, f1, f2);
        assertThat(History.of(merge.repo, "refs/heads/feature").tip()).isEqualTo(f2);
        assertThatThrownBy(() -> History.of(merge.repo, "nope", "merge-repo"))
                .isInstanceOfSatisfying(GitInputException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.OTHER);
                    assertThat(e.stage()).isEqualTo(Stage.HISTORY);
                })
                .hasMessage("repository merge-repo: branch 'nope' not found (branches: feature, main)");
    }

    @Test
    void defaultBranchIsHeadsBranch() throws Exception {
        Path bareDir = tmp.resolve("merge-bare.git");
        try (Git bare = Git.cloneRepository().setURI(merge.dir.toUri().toString()).setBare(true)
                .setDirectory(bareDir.toFile()).call()) {
            History h = History.of(bare.getRepository(), null);
            assertThat(h.branch()).isEqualTo("main");
            assertThat(h.tip()).isEqualTo(mm);
            bare.getRepository().updateRef(Constants.HEAD).link("refs/heads/feature");
            assertThat(History.of(bare.getRepository(), null).tip()).isEqualTo(f2);
            // detached HEAD is walked as is
            var ru = bare.getRepository().updateRef(Constants.HEAD, true);
            ru.setNewObjectId(m2);
            ru.forceUpdate();
            History detached = History.of(bare.getRepository(), null);
            assertThat(detached.branch()).isNull();
            assertThat(detached.firstParentCommits()).containsExactly(m1, m2);
        }
    }

    @Test
    void emptyRepositoryIsAnError() {
        try (GitFixture g = GitFixture.init(tmp.resolve("empty"))) {
            assertThatThrownBy(() -> History.of(g.repo, null, "empty"))
                    .isInstanceOf(GitInputException.class)
                    .hasMessage("repository empty: empty repository (HEAD points to refs/heads/main, which has no commits)");
        }
    }

    @Test
    void tagsOnTheFirstParentLineOnly() {
        History h = History.of(merge.repo, null);
        assertThat(rows(h.snapshots(Mode.TAGS, null, null)))
                .containsExactly("v0.1 tag m1", "v0.2 tag m2", "v1.0 tag M head");
        assertThat(rows(h.snapshots(Mode.TAGS, null, LocalDate.of(2024, 3, 10))))
                .containsExactly("v0.1 tag m1", "v0.2 tag m2", "head head M head");
        assertThat(h.snapshots(Mode.TAGS, null, null).get(0).periodStart()).isNull();
        // on the feature branch the side tags are on the line, the main ones after m1 are not
        assertThat(rows(History.of(merge.repo, "feature").snapshots(Mode.TAGS, null, null)))
                .containsExactly("v0.1 tag m1", "feature-preview tag f1", "feature-rc tag f2 head");
    }
}
