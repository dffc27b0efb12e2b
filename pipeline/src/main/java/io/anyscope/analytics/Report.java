package io.anyscope.analytics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * A rendered-agnostic report: headline figures and sections of Markdown text, a table and/or an SVG chart.
 * {@code dataLine}: the data it was made from (generation, coverage, filters: Reports#dataLine), or null; a page's
 * frame says it in its "as of" line, a Markdown report under the subtitle.
 */
public record Report(String name, String title, String subtitle, String dataLine, List<Card> cards,
                     List<Section> sections) {
    /** A report that names no data (a page of one repository, the rules). */
    public Report(String name, String title, String subtitle, List<Card> cards, List<Section> sections) {
        this(name, title, subtitle, null, cards, sections);
    }

    /** A headline figure. */
    public record Card(String label, String value) {
    }

    /**
     * One section. {@code table} (written as {@code tableName}.csv/.json) and {@code svg} are optional; text is
     * Markdown.
     */
    public record Section(int level, String heading, String text, String tableName, Table table, String svg) {
        static Section text(int level, String heading, String md) {
            return new Section(level, heading, md, null, null, null);
        }
    }

    static final List<org.commonmark.Extension> MD_EXT = List.of(TablesExtension.create());
    static final Parser PARSER = Parser.builder().extensions(MD_EXT).build();
    static final HtmlRenderer HTML = HtmlRenderer.builder().extensions(MD_EXT).escapeHtml(true).build();

    static String markdownToHtml(String md) {
        return HTML.render(PARSER.parse(md));
    }

    /** The subtitle followed by the data line, when there is one. */
    private String fullSubtitle() {
        return dataLine == null ? subtitle : subtitle + " | " + dataLine;
    }

    public String html() {
        return html(PageFrame.NONE);
    }

    /** The HTML page in its frame (navigation, "as of", glossary); tables as paged data tables. */
    public String html(PageFrame frame) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(Render.escape(title)).append("</h1>\n");
        if (subtitle != null) {
            // a frame's "as of" line names the generation, coverage and filters: the subtitle does not again
            b.append("<p class=\"sub\">").append(Render.escape(frame.asOf().isEmpty() ? fullSubtitle() : subtitle))
                    .append("</p>\n");
        }
        if (!cards.isEmpty()) {
            b.append("<div class=\"cards\">");
            for (Card c : cards) {
                b.append("<div class=\"card\"><b>").append(Render.escape(c.value())).append("</b><span>")
                        .append(Render.escape(c.label())).append("</span></div>");
            }
            b.append("</div>\n");
        }
        for (Section s : sections) {
            String h = "h" + Math.min(6, s.level() + 1);
            b.append('<').append(h).append(s.tableName() == null ? "" : " id=\"" + s.tableName() + "\"").append('>')
                    .append(Render.escape(s.heading())).append("</").append(h).append(">\n");
            if (s.text() != null && !s.text().isBlank()) {
                b.append(markdownToHtml(PageFrame.userText(s.text())));
            }
            if (s.svg() != null) {
                // chart markup (WebCharts), or an SVG drawing
                b.append(s.svg().startsWith("<div") ? s.svg() : "<div class=\"chart\">" + s.svg() + "</div>")
                        .append('\n');
            }
            if (s.table() != null) {
                b.append(Render.dataTable(s.table(), s.tableName() == null ? "table" : s.tableName(), frame))
                        .append('\n');
            }
        }
        return HtmlPage.report(title, b.toString(), frame);
    }

    /** GitHub's limit on a comment or issue body, in characters: a Markdown report stays under it. */
    public static final int GITHUB_COMMENT_LIMIT = 65_536;
    /** The row caps tried per table, largest first, until the whole report fits under the limit. */
    static final int[] MD_ROW_CAPS = {200, 100, 50, 20, 10, 5, 0};
    /**
     * Reports that are reference documents for a repository's docs or wiki, not comments: their Markdown is whole
     * (the data dictionary describes every column; cut to fit a comment it would describe none).
     */
    static final java.util.Set<String> REFERENCE_PAGES = java.util.Set.of("dictionary");

    /**
     * The report as GitHub-flavoured Markdown to paste into an issue or a wiki: tables escaped and cut to their
     * first columns and rows (each cut stated, naming the CSV with the whole table), the rows per table lowered
     * until the whole text is under {@link #GITHUB_COMMENT_LIMIT} characters (except {@link #REFERENCE_PAGES}).
     */
    public String markdown() {
        if (REFERENCE_PAGES.contains(name)) {
            return markdown(Integer.MAX_VALUE);
        }
        String md = "";
        for (int cap : MD_ROW_CAPS) {
            md = markdown(cap);
            if (md.length() < GITHUB_COMMENT_LIMIT) {
                return md;
            }
        }
        String note = "\n\n_… cut at GitHub's " + GITHUB_COMMENT_LIMIT + "-character limit; the CSV files hold "
                + "every table._\n";
        return md.substring(0, GITHUB_COMMENT_LIMIT - note.length() - 1) + note;
    }

    String markdown(int maxRows) {
        StringBuilder b = new StringBuilder();
        // the HTML pages' navigation, same link texts (Reports.PAGES)
        for (int i = 0; i < Reports.PAGES.size(); i++) {
            Reports.Page p = Reports.PAGES.get(i);
            b.append(i == 0 ? "" : " | ").append(p.name().equals(name) ? "**" + p.nav() + "**"
                    : "[" + p.nav() + "](" + p.name() + ".md)");
        }
        b.append("\n\n# ").append(title).append("\n\n");
        if (subtitle != null) {
            b.append('_').append(fullSubtitle()).append("_\n\n");
        }
        for (Card c : cards) {
            b.append("- **").append(c.label()).append(":** ").append(c.value()).append('\n');
        }
        if (!cards.isEmpty()) {
            b.append('\n');
        }
        for (Section s : sections) {
            b.append("#".repeat(Math.min(6, s.level() + 1))).append(' ').append(s.heading()).append("\n\n");
            if (s.text() != null && !s.text().isBlank()) {
                b.append(s.text().strip()).append("\n\n");
            }
            if (s.table() != null) {
                b.append(Render.markdown(s.table(), maxRows,
                        s.tableName() == null ? null : s.tableName() + ".csv")).append('\n');
            }
        }
        return b.toString();
    }

    /** Writes the requested formats into {@code out}; returns the files written. */
    public List<Path> write(Path out, List<String> formats) throws IOException {
        return write(out, formats, PageFrame.NONE);
    }

    /** Writes the requested formats into {@code out}, the HTML page in {@code frame}; returns the files written. */
    public List<Path> write(Path out, List<String> formats, PageFrame frame) throws IOException {
        Files.createDirectories(out);
        List<Path> written = new ArrayList<>();
        for (String f : formats) {
            switch (f) {
                case "html" -> written.add(Files.writeString(out.resolve(name + ".html"), html(frame)));
                case "md" -> written.add(Files.writeString(out.resolve(name + ".md"), markdown()));
                case "csv", "json" -> {
                    for (Section s : sections) {
                        if (s.tableName() != null && s.table() != null) {
                            Path p = out.resolve(s.tableName() + "." + f);
                            written.add(Files.writeString(p, f.equals("csv") ? Render.csv(s.table()) : Render.json(s.table())));
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown format " + f);
            }
        }
        return written;
    }
}
