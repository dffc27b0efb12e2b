package io.anyscope.extract.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requirement lines in pip's format: requirements*.txt, and tox's {@code deps}. Follows pip's own reading
 * ({@code pip._internal.req.req_file}): backslash continuations are joined first (a comment line ends a
 * continuation), then comments {@code (^|\s+)#.*} are cut. Includes and constraints ({@code -r}, {@code -c}) and
 * global options are recognised and yield nothing (includes are not followed); an editable or URL line yields a
 * dependency only through its {@code #egg=} fragment; per-requirement options ({@code --hash=...}) are cut off.
 */
final class PipLines {
    private static final Pattern COMMENT = Pattern.compile("(^|\\s+)#.*$");
    private static final Pattern PER_REQUIREMENT_OPTION = Pattern.compile("\\s--[A-Za-z]");
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern ARCHIVE = Pattern.compile("(?i).*\\.(whl|zip|tar\\.gz|tgz|tar\\.bz2|tar)$");
    private static final Pattern WHEEL =
            Pattern.compile("(?:^|[/\\\\])([A-Za-z0-9._]+)-([A-Za-z0-9.!+_]+)(?:-[0-9][^-/]*)?-[^-/]+-[^-/]+-[^-/]+\\.whl$");
    private static final Pattern EDITABLE = Pattern.compile("(?:-e|--editable)(?:\\s*=\\s*|\\s+|(?=\\S))(.*)");

    /** A logical line: the text after joining continuations, and the 1-based line it starts on. */
    record Logical(String text, int line) {
    }

    private PipLines() {
    }

    /** Joins backslash continuations the way pip does; comments are still in the text. */
    static List<Logical> join(List<String> lines) {
        List<Logical> out = new ArrayList<>();
        StringBuilder cur = null;
        int primary = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean comment = COMMENT.matcher(line).lookingAt();
            if (!line.endsWith("\\") || comment) {
                if (comment) {
                    line = " " + line;
                }
                if (cur != null) {
                    cur.append(line);
                    out.add(new Logical(cur.toString(), primary));
                    cur = null;
                } else {
                    out.add(new Logical(line, i + 1));
                }
            } else {
                if (cur == null) {
                    cur = new StringBuilder();
                    primary = i + 1;
                }
                cur.append(stripBackslashes(line));
            }
        }
        if (cur != null) {
            out.add(new Logical(cur.toString(), primary));
        }
        return out;
    }

    /** The text with a comment removed: {@code #} at the start or after whitespace. */
    static String stripComment(String s) {
        return COMMENT.matcher(s).replaceFirst("").strip();
    }

    /**
     * Reads one logical line (comment not yet removed) and records its dependency, or a problem when it is neither
     * an option, a URL or path, nor a PEP 508 requirement.
     */
    static void handle(String text, int line, String section, Facts out) {
        String s = stripComment(text);
        if (s.isEmpty()) {
            return;
        }
        if (s.startsWith("-")) {
            Matcher e = EDITABLE.matcher(s);
            if (e.matches()) {
                Requirement.eggName(e.group(1).strip()).ifPresent(n -> out.dependency(n, "", section, line));
            }
            // -r/-c includes (not followed), index and build options: nothing to record
            return;
        }
        Matcher opt = PER_REQUIREMENT_OPTION.matcher(s);
        if (opt.find()) {
            s = s.substring(0, opt.start()).strip();
        }
        if (isUrlOrPath(s)) {
            Optional<String> egg = Requirement.eggName(s);
            if (egg.isPresent()) {
                out.dependency(egg.get(), "", section, line);
            } else {
                Matcher w = WHEEL.matcher(s);
                if (w.find()) {
                    // a wheel's file name pins its distribution: name-version(-build)?-python-abi-platform.whl
                    out.dependency(w.group(1), "==" + w.group(2), section, line);
                }
            }
            return;
        }
        Optional<Requirement> r = Requirement.parse(s);
        if (r.isEmpty()) {
            out.problem(line, "not a requirement: " + s);
            return;
        }
        out.dependency(r.get().name(), r.get().specifier(), section, line);
    }

    private static boolean isUrlOrPath(String s) {
        if (s.startsWith(".") || s.startsWith("/") || s.startsWith("~") || s.startsWith("\\")) {
            return true;
        }
        Matcher m = SCHEME.matcher(s);
        if (m.lookingAt()) {
            return true; // https://..., git+https://..., file:..., C:\...
        }
        return ARCHIVE.matcher(s).matches() && !s.contains("@");
    }

    private static String stripBackslashes(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) == '\\') {
            a++;
        }
        while (b > a && s.charAt(b - 1) == '\\') {
            b--;
        }
        return s.substring(a, b);
    }
}
