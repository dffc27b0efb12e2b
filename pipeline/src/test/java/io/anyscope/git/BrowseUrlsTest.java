package io.anyscope.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The browse URL patterns of src/catalog/browse_urls.yaml, per host, in https and ssh forms. */
class BrowseUrlsTest {
    static final BrowseUrls URLS = BrowseUrls.loadDefault();
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    static String line(String remote) {
        BrowseUrls.Templates t = URLS.forRemote(remote);
        assertThat(t).as(remote).isNotNull();
        return BrowseUrls.fill(t.file(), SHA, "src/pkg/api server.py", 42);
    }

    static String commit(String remote) {
        return BrowseUrls.fill(URLS.forRemote(remote).commit(), SHA, "", 0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://github.com/encode/starlette.git          | https://github.com/encode/starlette/blob/SHA/src/pkg/api%20server.py#L42",
        "https://ci-bot:ghp_secret@github.com/encode/starlette | https://github.com/encode/starlette/blob/SHA/src/pkg/api%20server.py#L42",
        "git@github.com:agronholm/anyio.git               | https://github.com/agronholm/anyio/blob/SHA/src/pkg/api%20server.py#L42",
        "ssh://git@github.com/python-trio/trio.git/       | https://github.com/python-trio/trio/blob/SHA/src/pkg/api%20server.py#L42",
        "https://github.acme.io/edge/gateway.git          | https://github.acme.io/edge/gateway/blob/SHA/src/pkg/api%20server.py#L42",
        "https://gitlab.com/acme/platform/ledger.git      | https://gitlab.com/acme/platform/ledger/-/blob/SHA/src/pkg/api%20server.py#L42",
        "git@gitlab.com:acme/ledger.git                   | https://gitlab.com/acme/ledger/-/blob/SHA/src/pkg/api%20server.py#L42",
        "ssh://git@gitlab.acme.io:2222/pay/ledger.git     | https://gitlab.acme.io/pay/ledger/-/blob/SHA/src/pkg/api%20server.py#L42",
        "https://bitbucket.org/acme/ledger.git            | https://bitbucket.org/acme/ledger/src/SHA/src/pkg/api%20server.py#lines-42",
        "git@bitbucket.org:acme/ledger.git                | https://bitbucket.org/acme/ledger/src/SHA/src/pkg/api%20server.py#lines-42",
        "https://bitbucket.acme.io/scm/PAY/ledger.git     | https://bitbucket.acme.io/projects/PAY/repos/ledger/browse/src/pkg/api%20server.py?at=SHA#42",
        "ssh://git@bitbucket.acme.io:7999/pay/ledger.git  | https://bitbucket.acme.io/projects/pay/repos/ledger/browse/src/pkg/api%20server.py?at=SHA#42",
        "https://codeberg.org/forgejo/forgejo.git         | https://codeberg.org/forgejo/forgejo/src/commit/SHA/src/pkg/api%20server.py#L42",
        "git@gitea.acme.io:platform/telemetry.git         | https://gitea.acme.io/platform/telemetry/src/commit/SHA/src/pkg/api%20server.py#L42",
        "http://forgejo.lan:3000/platform/telemetry       | http://forgejo.lan:3000/platform/telemetry/src/commit/SHA/src/pkg/api%20server.py#L42",
        "https://acme@dev.azure.com/acme/Pay/_git/ledger  | https://dev.azure.com/acme/Pay/_git/ledger?path=/src/pkg/api%20server.py&version=GCSHA&line=42&lineEnd=42&lineStartColumn=1&lineEndColumn=1",
        "git@ssh.dev.azure.com:v3/acme/Pay/ledger         | https://dev.azure.com/acme/Pay/_git/ledger?path=/src/pkg/api%20server.py&version=GCSHA&line=42&lineEnd=42&lineStartColumn=1&lineEndColumn=1",
        "https://acme.visualstudio.com/Pay/_git/ledger    | https://dev.azure.com/acme/Pay/_git/ledger?path=/src/pkg/api%20server.py&version=GCSHA&line=42&lineEnd=42&lineStartColumn=1&lineEndColumn=1",
        "https://git.kernel.org/pub/scm/git/git.git       | https://git.kernel.org/pub/scm/git/git/tree/src/pkg/api%20server.py?id=SHA#n42",
        "https://git.savannah.gnu.org/cgit/emacs.git      | https://git.savannah.gnu.org/cgit/emacs/tree/src/pkg/api%20server.py?id=SHA#n42",
        "git://repo.or.cz/git.git                         | https://repo.or.cz/git.git/blob/SHA:/src/pkg/api%20server.py#l42",
    })
    void eachHostPatternGivesTheLineOfTheFileAtTheCommit(String remote, String expected) {
        assertThat(line(remote.strip())).isEqualTo(expected.strip().replace("SHA", SHA));
    }

    @Test
    void commitPages() {
        assertThat(commit("git@github.com:agronholm/anyio.git")).isEqualTo("https://github.com/agronholm/anyio/commit/" + SHA);
        assertThat(commit("https://gitlab.com/a/b/c.git")).isEqualTo("https://gitlab.com/a/b/c/-/commit/" + SHA);
        assertThat(commit("git@bitbucket.org:acme/ledger.git")).isEqualTo("https://bitbucket.org/acme/ledger/commits/" + SHA);
        assertThat(commit("git@ssh.dev.azure.com:v3/acme/Pay/ledger"))
                .isEqualTo("https://dev.azure.com/acme/Pay/_git/ledger/commit/" + SHA);
    }

    @Test
    void everyExampleOfTheFileHolds() {
        int n = 0;
        for (BrowseUrls.Host h : URLS.hosts()) {
            assertThat(h.examples()).as(h.id() + " has examples").isNotEmpty();
            for (String[] e : h.examples()) {
                BrowseUrls.Templates t = URLS.forRemote(e[0]);
                assertThat(t).as(e[0]).isNotNull();
                assertThat(t.host()).as(e[0]).isEqualTo(h.id());
                assertThat(BrowseUrls.fill(t.file(), "C", "P", 7)).as(e[0]).isEqualTo(e[1]);
                n++;
            }
        }
        assertThat(n).isGreaterThanOrEqualTo(20);
    }

    @Test
    void unknownHostsAndLocalPathsHaveNoTemplate() {
        assertThat(URLS.forRemote("https://git.example.com/pay/ledger.git")).isNull();
        assertThat(URLS.forRemote("/srv/git/payments.git")).isNull();
        assertThat(URLS.forRemote("file:///srv/git/payments.git")).isNull();
        assertThat(URLS.forRemote(null)).isNull();
    }

    @Test
    void localWorkingCopiesGetFileUrls() {
        BrowseUrls.Templates t = BrowseUrls.forLocal(Path.of("/srv/work/pay ments"));
        assertThat(BrowseUrls.fill(t.file(), SHA, "a b/c.py", 3)).isEqualTo("file:///srv/work/pay%20ments/a%20b/c.py");
        assertThat(t.commit()).isNull();
    }

    @Test
    void repositoryListOverridesAreChecked() {
        RepoSpec s = RepoList.parse(List.of("/srv/pay pay payments browse=https://git.acme.io/{path}?at={commit}#L{line}"
                + " browse_commit=https://git.acme.io/c/{commit}")).get(0);
        assertThat(s.browse()).isEqualTo("https://git.acme.io/{path}?at={commit}#L{line}");
        assertThat(s.browseCommit()).isEqualTo("https://git.acme.io/c/{commit}");
        assertThat(s.team()).isEqualTo("payments");
        assertThatThrownBy(() -> RepoList.parse(List.of("/srv/pay pay payments browse=javascript:alert(1)")))
                .isInstanceOf(RepoListException.class).hasMessageContaining(":1:")
                .hasMessageContaining("not a browse URL template");
    }

    @Test
    void aBadFileNamesTheEntry() {
        String yaml = "hosts:\n  - {id: x, match: '(?<h>[', file: 'https://{h}/{commit}'}\n";
        assertThatThrownBy(() -> BrowseUrls.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml"))
                .hasMessageContaining("t.yaml, hosts[1] (x): bad match");
    }
}
