package io.anyscope.analytics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one SQL lexer: statement splitting, the prompt's "complete?", and the write guard's keywords and literals. */
class SqlLexerTest {
    @Test
    void aQuoteInsideACommentDoesNotOpenAString() {
        assertThat(SqlLexer.complete("SELECT 1 /* don't */;")).isTrue();
        assertThat(SqlLexer.split("SELECT 1 /* don't */; SELECT 2")).containsExactly("SELECT 1 /* don't */",
                "SELECT 2");
        assertThat(SqlLexer.complete("SELECT 1; -- isn't it\n")).isTrue();
        assertThat(SqlLexer.literals("COPY t TO 'x.csv' /* it's */ -- don't\n")).containsExactly("x.csv");
    }

    @Test
    void openQuotesAndCommentsAreNotComplete() {
        assertThat(SqlLexer.complete("SELECT ';")).isFalse();
        assertThat(SqlLexer.complete("SELECT 1 /* ; */")).isFalse();
        assertThat(SqlLexer.complete("SELECT 1; /* open")).isFalse();
        assertThat(SqlLexer.complete("SELECT 1 /* a /* nested */ ; */")).isFalse();
        assertThat(SqlLexer.complete("SELECT 1 /* a /* nested */ */;")).isTrue();
        assertThat(SqlLexer.complete("SELECT \"a;b")).isFalse();
        assertThat(SqlLexer.complete("SELECT $$ ; $$")).isFalse();
        assertThat(SqlLexer.complete("SELECT $$ ; $$;")).isTrue();
        assertThat(SqlLexer.complete("SELECT E'it\\'s';")).isTrue();
        assertThat(SqlLexer.complete("SELECT 'it''s';")).isTrue();
        assertThat(SqlLexer.complete("SELECT 'a' ")).isFalse();
    }

    @Test
    void splitsAtTopLevelSemicolonsOnly() {
        assertThat(SqlLexer.split("SELECT ';' AS a; SELECT $tag$ ; $tag$; SELECT \"x;y\" FROM t; -- c;\n"))
                .containsExactly("SELECT ';' AS a", "SELECT $tag$ ; $tag$", "SELECT \"x;y\" FROM t");
        // $1 is a parameter, not a dollar quote.
        assertThat(SqlLexer.split("SELECT $1; SELECT 2")).containsExactly("SELECT $1", "SELECT 2");
    }

    @Test
    void keywordsAndLiteralsForTheWriteGuard() {
        assertThat(SqlLexer.keywords("/* x */ -- y\n  copy t TO 'a'", 2)).isEqualTo(List.of("COPY", "T"));
        assertThat(SqlLexer.keywords("(SELECT 1)", 2)).isEqualTo(List.of("(", "SELECT"));
        assertThat(SqlLexer.literals("COPY t TO 'it''s' (FORMAT \"csv\")")).containsExactly("it's");
        assertThat(SqlLexer.literals("COPY t TO $p$/data/x$p$")).containsExactly("/data/x");
    }
}
