package io.anyscope.git;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepoSpecTest {
    @TempDir
    Path tmp;

    @Test
    void defaultNamesSeveralShareGetTheirOwnerOrParentAndGivenNamesStay() {
        List<RepoSpec> named = RepoSpec.withDistinctNames(List.of(
                RepoSpec.of("https://github.com/encode/starlette.git"),
                RepoSpec.of("git@gitlab.example.com:fork/starlette.git"),
                new RepoSpec("https://github.com/other/starlette", "starlette-mirror", null),
                RepoSpec.of("/srv/mirrors/encode+httpcore/repo/.git"),
                RepoSpec.of("/srv/mirrors/agronholm+anyio/repo"),
                RepoSpec.of("/srv/trio"),
                RepoSpec.of("/one/a/api"), RepoSpec.of("/two/a/api")));
        String one = RepoSpec.of("/one/a/api").repoId().substring(0, 8);
        String two = RepoSpec.of("/two/a/api").repoId().substring(0, 8);
        assertThat(named).extracting(RepoSpec::name).containsExactly("encode/starlette", "fork/starlette",
                "starlette-mirror", "encode+httpcore/repo", "agronholm+anyio/repo", "trio",
                "a/api (" + one + ")", "a/api (" + two + ")");
        assertThat(named.get(0).repoId()).isEqualTo(RepoSpec.of("https://github.com/encode/starlette.git").repoId());
    }

    @Test
    void redactsUserInfoAndSecretQueryParameters() {
        assertThat(Redactor.redact("https://user:token@host/x")).isEqualTo("https://***@host/x");
        assertThat(Redactor.redact("https://ghp_abc123@github.com/o/r.git")).isEqualTo("https://***@github.com/o/r.git");
        assertThat(Redactor.redact("http://u:p@ss@host:8080/r")).isEqualTo("http://***@host:8080/r");
        assertThat(Redactor.redact("https://host/r.git?access_token=abc&ref=main&X-Amz-Signature=zz&api_key=k"))
                .isEqualTo("https://host/r.git?access_token=***&ref=main&X-Amz-Signature=***&api_key=***");
        assertThat(Redactor.redact("https://host/r?sig=1;auth=2&password=3&secret=4"))
                .isEqualTo("https://host/r?sig=***;auth=***&password=***&secret=***");
        // ssh account names are not secrets; an ssh password is
        assertThat(Redactor.redact("ssh://git@host/o/r.git")).isEqualTo("ssh://git@host/o/r.git");
        assertThat(Redactor.redact("ssh://git:pw@host/o/r.git")).isEqualTo("ssh://***@host/o/r.git");
        assertThat(Redactor.redact("git@github.com:o/r.git")).isEqualTo("git@github.com:o/r.git");
        // inside a message, several URLs, and text around them untouched
        assertThat(Redactor.redact("cannot fetch https://a:b@h1/x (via http://c@h2/y), mail me@example.com"))
                .isEqualTo("cannot fetch https://***@h1/x (via http://***@h2/y), mail me@example.com");
        assertThat(Redactor.redact("https://host/o/r")).isEqualTo("https://host/o/r");
        assertThat(Redactor.redact("fetch https://h/r?token=abc: refused, https://h/r?auth=u:p&x=1."))
                .isEqualTo("fetch https://h/r?token=***: refused, https://h/r?auth=***&x=1.");
        assertThat(Redactor.redact(null)).isNull();
    }

    @Test
    void repoIdIsStableAndIgnoresCredentialsCaseAndSuffix() {
        // 16 hex of SHA-256("https://github.com/org/repo"), computed with sha256sum
        assertThat(RepoSpec.of("https://github.com/org/repo").repoId()).isEqualTo("bdb72e6e68b80f9e");
        assertThat(RepoSpec.of("https://GitHub.com/org/repo.git/").repoId()).isEqualTo("bdb72e6e68b80f9e");
        // credentials are redacted before hashing: two tokens, one repository
        assertThat(RepoSpec.of("https://alice:t1@github.com/org/repo.git").repoId())
                .isEqualTo(RepoSpec.of("https://bob:t2@github.com/org/repo").repoId())
                .isEqualTo("01ba006afc71f519");
        assertThat(RepoSpec.of("https://github.com/org/other").repoId()).isNotEqualTo("bdb72e6e68b80f9e");
        // local paths: absolute and normalised
        assertThat(RepoSpec.of(tmp.resolve("a/../b").toString()).repoId())
                .isEqualTo(RepoSpec.of(tmp.resolve("b").toString()).repoId());
        assertThat(RepoSpec.of("https://u:secret@h/r").toString()).doesNotContain("secret");
    }

    @Test
    void defaultNamesAndKinds() {
        assertThat(RepoSpec.of("https://github.com/org/my-lib.git").name()).isEqualTo("my-lib");
        assertThat(RepoSpec.of("https://github.com/org/my-lib/").name()).isEqualTo("my-lib");
        assertThat(RepoSpec.of("git@github.com:org/tool.git").name()).isEqualTo("tool");
        assertThat(RepoSpec.of("ssh://git@host:2222/srv/git/app.git").name()).isEqualTo("app");
        assertThat(RepoSpec.of("/srv/mirrors/bare.git").name()).isEqualTo("bare");
        assertThat(RepoSpec.of("/src/work/.git").name()).isEqualTo("work");
        assertThat(RepoSpec.of("file:///srv/repos/x.git").name()).isEqualTo("x");
        assertThat(RepoSpec.of("git@github.com:org/tool.git").isUrl()).isTrue();
        assertThat(RepoSpec.of("file:///srv/repos/x.git").isUrl()).isTrue();
        assertThat(RepoSpec.of("/srv/repos/x.git").isUrl()).isFalse();
        assertThat(RepoSpec.of("relative/dir").isUrl()).isFalse();
        assertThatThrownBy(() -> RepoSpec.of("ftp://u:pw@host/r")).hasMessageContaining("unsupported URL scheme")
                .hasMessageNotContaining("pw");
    }

    @Test
    void parsesCsvAndWhitespaceLines() throws Exception {
        Path list = tmp.resolve("repos.txt");
        Files.writeString(list, String.join("\n",
                "# the repositories",
                "location,name,team",
                "",
                "https://user:tok@git.example.com/org/api.git, API , Platform",
                "git@github.com:org/tool.git   tool-x   \"Data\"",
                "ssh://git@host/srv/app.git",
                "local/checkout,,\"Team, with comma\"",
                "/abs/bare.git bare-mirror   # trailing comment",
                "file:///srv/x.git\tx\tinfra"));
        List<RepoSpec> specs = RepoList.parse(list);
        assertThat(specs).extracting(RepoSpec::name)
                .containsExactly("API", "tool-x", "app", "checkout", "bare-mirror", "x");
        assertThat(specs).extracting(RepoSpec::team)
                .containsExactly("Platform", "\"Data\"", null, "Team, with comma", null, "infra");
        assertThat(specs.get(0).location()).isEqualTo("https://user:tok@git.example.com/org/api.git");
        assertThat(specs.get(0).redactedLocation()).isEqualTo("https://***@git.example.com/org/api.git");
        // relative paths are relative to the list's directory
        assertThat(specs.get(3).location()).isEqualTo(tmp.resolve("local/checkout").toString());
        assertThat(specs.get(4).location()).isEqualTo("/abs/bare.git");
    }

    @Test
    void malformedLinesNameTheFileAndLine() throws Exception {
        Path list = tmp.resolve("bad.csv");
        Files.writeString(list, "# ok\n/a/b\nhttps://u:secret@h/r,name,team,extra\n");
        assertThatThrownBy(() -> RepoList.parse(list)).isInstanceOf(RepoListException.class)
                .hasMessageStartingWith(list + ":3: expected LOCATION [NAME [TEAM]], got 4 fields")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> RepoList.parse(List.of("/a", "  ,name")))
                .hasMessage("<repository list>:2: the repository location is empty");
        assertThatThrownBy(() -> RepoList.parse(List.of("/a,\"unterminated")))
                .hasMessageStartingWith("<repository list>:1: unterminated quote");
        assertThatThrownBy(() -> RepoList.parse(List.of("svn://host/r")))
                .hasMessageStartingWith("<repository list>:1: unsupported URL scheme 'svn'");
        assertThatThrownBy(() -> RepoList.parse(List.of("https://a:1@h/r.git", "# x", "https://b:2@h/r")))
                .hasMessage("<repository list>:3: repository https://***@h/r is already listed on line 1");
    }
}
