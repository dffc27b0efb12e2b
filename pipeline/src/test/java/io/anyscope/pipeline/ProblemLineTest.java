package io.anyscope.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The stderr line for a bad input names the repository and the path once, and never a credential. */
class ProblemLineTest {
    @Test
    void repositoryAndPathAreNamedOnce() {
        assertThat(Problem.line("https://h/r.git", null,
                "https://h/r.git: unreachable: connection refused"))
                .isEqualTo("anyscope: https://h/r.git: unreachable: connection refused");
        assertThat(Problem.line("/src/app", null, "repository /src/app: path does not exist"))
                .isEqualTo("anyscope: /src/app: path does not exist");
        assertThat(Problem.line("app", "pkg/a.py", "pkg/a.py: 9000000 bytes, over the cap"))
                .isEqualTo("anyscope: app: pkg/a.py: 9000000 bytes, over the cap");
        // a message about something else keeps its own words
        assertThat(Problem.line("app", "pkg/a.py", "binary content"))
                .isEqualTo("anyscope: app: pkg/a.py: binary content");
    }

    @Test
    void credentialsAreRedactedBeforeComparing() {
        String line = Problem.line("https://u:s3cr3t@h/r.git", null,
                "https://u:s3cr3t@h/r.git: authentication failed");
        assertThat(line).doesNotContain("s3cr3t").endsWith(": authentication failed");
        assertThat(line.indexOf("h/r.git")).isEqualTo(line.lastIndexOf("h/r.git"));
    }

    @Test
    void controlCharactersInPathsAndMessagesAreShownEscapedOnOneLine() {
        assertThat(Problem.line("app", "bad\nname.py", "bad\nname.py: binary\r"))
                .isEqualTo("anyscope: app: bad\\nname.py: binary\\r");
        assertThat(Problem.line("app", "\u001b[31mred\tx.py", "m\u0000"))
                .isEqualTo("anyscope: app: \\x1b[31mred\\tx.py: m\\x00");
        assertThat(Problem.line("app", "caf\u00e9/\u6a21.py", "ok")).isEqualTo("anyscope: app: caf\u00e9/\u6a21.py: ok");
    }
}
