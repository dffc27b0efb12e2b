package io.anyscope.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.junit.jupiter.api.Test;

/**
 * Markdown reports parsed back with commonmark-java (GFM tables): hostile names come back cell by cell as the same
 * text, with no HTML, emphasis, code span or link made of them; wide tables lose their last columns, long ones their
 * last rows, each cut stated; a whole report stays under GitHub's 65,536-character comment limit.
 */
class MarkdownSafetyTest {
    static final List<String> HOSTILE = List.of("<module>", "__init__", "a|b", "`tick` and ``two``", "*star* _u_",
            "[x](javascript:alert(1))", "back\\slash", "&lt;entity&gt;", "~~gone~~", "<script>alert(1)</script>",
            "asyncio.create_task", "line\nbreak");

    static Table table(List<String> columns, List<List<Object>> rows) {
        List<String> types = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            types.add(rows.isEmpty() || !(rows.get(0).get(i) instanceof Number) ? "VARCHAR" : "BIGINT");
        }
        return new Table(columns, types, rows);
    }

    /** The cells of the first table of a Markdown text, as their plain text, row by row (header first). */
    static List<List<String>> cells(String md, List<Class<? extends Node>> forbidden) {
        Node doc = Report.PARSER.parse(md);
        List<List<String>> out = new ArrayList<>();
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(org.commonmark.node.CustomBlock b) {
                if (b instanceof TableBlock && out.isEmpty()) {
                    for (Node section = b.getFirstChild(); section != null; section = section.getNext()) {
                        for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                            if (row instanceof TableRow) {
                                List<String> r = new ArrayList<>();
                                for (Node c = row.getFirstChild(); c != null; c = c.getNext()) {
                                    r.add(text((TableCell) c, forbidden));
                                }
                                out.add(r);
                            }
                        }
                    }
                }
            }
        });
        return out;
    }

    static String text(Node n, List<Class<? extends Node>> forbidden) {
        StringBuilder b = new StringBuilder();
        for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
            assertThat(forbidden.contains(c.getClass())).as("a " + c.getClass().getSimpleName() + " in a cell: " + c)
                    .isFalse();
            if (c instanceof Text t) {
                b.append(t.getLiteral());
            } else if (c instanceof Code t) {
                b.append(t.getLiteral());
            } else {
                b.append(text(c, forbidden));
            }
        }
        return b.toString();
    }

    static final List<Class<? extends Node>> NOTHING_BUT_TEXT = List.of(HtmlInline.class, Emphasis.class,
            StrongEmphasis.class, Code.class, Link.class);

    @Test
    void hostileNamesComeBackCellByCellAsTheSameText() {
        List<List<Object>> rows = new ArrayList<>();
        for (String h : HOSTILE) {
            rows.add(List.of("pkg/" + h + ".py", h, 3L));
        }
        String md = Render.markdown(table(List.of("path", "function", "line"), rows));
        List<List<String>> cells = cells(md, NOTHING_BUT_TEXT);
        assertThat(cells).hasSize(HOSTILE.size() + 1);
        assertThat(cells.get(0)).containsExactly("path", "function", "line");
        for (int i = 0; i < HOSTILE.size(); i++) {
            String expected = HOSTILE.get(i).replace("\n", " ");
            assertThat(cells.get(i + 1)).containsExactly("pkg/" + expected + ".py", expected, "3");
        }
        assertThat(md).contains("| asyncio.create_task |").contains("\\_\\_init\\_\\_").contains("\\<module\\>")
                .contains("\\~\\~gone\\~\\~"); // GitHub's strikethrough: not in this parser, escaped all the same
    }

    @Test
    void aLinkColumnMakesItsCellALinkAndOnlyHttpOrFileUrlsAreLinked() {
        String md = Render.markdown(table(List.of("path", "path_url", "line", "line_url"), List.of(
                List.of("a|b.py", "https://github.com/acme/svc/blob/C/a%7Cb.py#L1", 1L, "javascript:alert(1)"))));
        Node doc = Report.PARSER.parse(md);
        List<String> hrefs = new ArrayList<>();
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(Link l) {
                hrefs.add(l.getDestination());
                visitChildren(l);
            }
        });
        assertThat(hrefs).containsExactly("https://github.com/acme/svc/blob/C/a%7Cb.py#L1");
        assertThat(cells(md, List.of(HtmlInline.class))).containsExactly(List.of("path", "line"), List.of("a|b.py", "1"));
    }

    @Test
    void wideTablesKeepTheirFirstColumnsAndLongOnesTheirFirstRowsSayingSo() {
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < Render.MD_MAX_COLUMNS + 4; i++) {
            cols.add("c" + i);
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < 250; r++) {
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < Render.MD_MAX_COLUMNS + 4; i++) {
                row.add("r" + r + "c" + i);
            }
            rows.add(row);
        }
        String md = Render.markdown(table(cols, rows), 100, "wide.csv");
        List<List<String>> cells = cells(md, NOTHING_BUT_TEXT);
        assertThat(cells).hasSize(101);
        assertThat(cells.get(0)).hasSize(Render.MD_MAX_COLUMNS).startsWith("c0").endsWith("c15");
        assertThat(cells.get(100)).startsWith("r99c0");
        assertThat(md).contains("… and 150 more rows (all of them in wide.csv)")
                .contains("Columns left out here: c16, c17, c18, c19 (all of them in wide.csv)");
    }

    @Test
    void aWholeReportStaysUnderGitHubsCommentLimit() {
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < 3000; r++) {
            rows.add(List.of("repo-" + r, "src/very/long/path/to/some/module_" + r + "/__init__.py", "<module>", (long) r));
        }
        Table big = table(List.of("repo", "path", "function", "line"), rows);
        List<Report.Section> sections = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            sections.add(new Report.Section(1, "Table " + s, "Some text.", "t" + s, big, null));
        }
        String md = new Report("big", "Big", "sub", List.of(), sections).markdown();
        assertThat(md.length()).isLessThan(Report.GITHUB_COMMENT_LIMIT).isGreaterThan(10_000);
        assertThat(md).contains("… and ").contains("more rows (all of them in t3.csv)");
        List<List<String>> cells = cells(md, NOTHING_BUT_TEXT);
        assertThat(cells.get(1)).containsExactly("repo-0", "src/very/long/path/to/some/module_0/__init__.py",
                "<module>", "0");
    }
}
