package io.anyscope.extract.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An INI file read the way Python's {@code configparser} (default settings) reads setup.cfg, tox.ini and pytest.ini.
 *
 * <p>Our own small parser, on purpose: the Java INI libraries at hand (ini4j, Apache Commons Configuration) follow
 * Windows INI rules. They treat {@code ;} and {@code #} inside values as comments and do not know configparser's
 * indented continuation lines, which setup.cfg's {@code install_requires} and tox's {@code deps} depend on. They
 * also lose line numbers. The rules kept here:
 * <ul>
 *   <li>a line whose first non-blank character is {@code #} or {@code ;} is a comment; there are no inline comments;
 *   <li>{@code [name]} starts a section (names are case-sensitive; anything after the last {@code ]} is ignored);
 *   <li>{@code key = value} or {@code key: value}, split at the first {@code =} or {@code :}; keys are trimmed and
 *       lowercased;
 *   <li>a non-blank line indented deeper than its key line continues that key's value; blank lines inside a value
 *       are kept by configparser but carry nothing, so they are dropped here;
 *   <li>a line that is none of these, or a key before any section, is a problem, and reading goes on.
 * </ul>
 * Every value line keeps its 1-based line number.
 */
final class IniDocument {
    private static final Pattern SECTION = Pattern.compile("\\[(.+)]");
    private static final Pattern OPTION = Pattern.compile("(.*?)\\s*([=:])\\s*(.*)");

    /** One line of a value: its text (trimmed) and 1-based line number. */
    record ValueLine(String text, int line) {
    }

    /** One {@code key = value} with its continuation lines. */
    record Option(String section, String key, int line, List<ValueLine> lines) {
        /** The value as configparser returns it: the lines joined with newlines (blank first line dropped). */
        String value() {
            StringBuilder sb = new StringBuilder();
            for (ValueLine v : lines) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(v.text());
            }
            return sb.toString();
        }
    }

    private final List<Option> options = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private IniDocument() {
    }

    static IniDocument parse(List<String> lines) {
        IniDocument doc = new IniDocument();
        String section = null;
        Option current = null;
        int indentLevel = 0;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            int lineNo = i + 1;
            String value = raw.strip();
            if (value.isEmpty()) {
                continue;
            }
            if (value.startsWith("#") || value.startsWith(";")) {
                continue;
            }
            int indent = indentOf(raw);
            if (current != null && indent > indentLevel) {
                current.lines().add(new ValueLine(value, lineNo));
                continue;
            }
            indentLevel = indent;
            Matcher sm = SECTION.matcher(value);
            if (sm.lookingAt()) { // like configparser's SECTCRE.match: text after the last ']' is ignored
                section = sm.group(1);
                current = null;
                continue;
            }
            if (section == null) {
                doc.problems.add("line " + lineNo + ": text before the first [section]");
                current = null;
                continue;
            }
            Matcher om = OPTION.matcher(value);
            if (!om.matches() || om.group(1).isEmpty()) {
                doc.problems.add("line " + lineNo + ": not a section, an option or a continuation: " + value);
                current = null;
                continue;
            }
            String key = om.group(1).strip().toLowerCase(Locale.ROOT);
            if (!seen.add(section + "\u0000" + key)) {
                doc.problems.add("line " + lineNo + ": duplicate option '" + key + "' in [" + section + "]");
            }
            List<ValueLine> vl = new ArrayList<>();
            String first = om.group(3).strip();
            if (!first.isEmpty()) {
                vl.add(new ValueLine(first, lineNo));
            }
            current = new Option(section, key, lineNo, vl);
            doc.options.add(current);
        }
        return doc;
    }

    private static int indentOf(String raw) {
        int n = 0;
        while (n < raw.length() && Character.isWhitespace(raw.charAt(n))) {
            n++;
        }
        return n;
    }

    List<Option> options() {
        return options;
    }

    /** Options of one section, in file order. */
    List<Option> section(String name) {
        List<Option> out = new ArrayList<>();
        for (Option o : options) {
            if (o.section().equals(name)) {
                out.add(o);
            }
        }
        return out;
    }

    /** Problems met while reading, without the file name ("line 3: ..."). */
    List<String> problems() {
        return problems;
    }
}
