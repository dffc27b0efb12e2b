package io.anyscope.extract.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 508 requirement string taken apart: {@code name [extras] (specifier | @ url) ; marker}. Only as much of the
 * grammar as anyscope needs: the name, a clean version specifier (whitespace removed, parentheses dropped), and the
 * rest kept aside so that extras and markers never leak into the specifier.
 *
 * @param name      the name as written (not normalised)
 * @param extras    the text between the brackets, empty when none
 * @param specifier the version specifier without whitespace ({@code >=4.0,<5}), empty when none or for a URL
 * @param url       the URL of a {@code name @ url} requirement, empty otherwise
 * @param marker    the environment marker after {@code ;}, empty when none
 */
public record Requirement(String name, String extras, String specifier, String url, String marker) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?");
    private static final Pattern RUNS = Pattern.compile("[-_.]+");
    /** One clause of a specifier set, PEP 440 operators; version text kept loose ({@code 4.*}, {@code 1!2+local}). */
    private static final Pattern CLAUSE = Pattern.compile("(?:~=|===|==|!=|<=|>=|<|>)[A-Za-z0-9.*+!_-]+");
    /**
     * Where the marker of a {@code name @ url} requirement starts: a {@code ;} with whitespace before or after it
     * (PEP 508 asks for whitespace before it, since {@code ;} may occur in a URL), or directly followed by a PEP 508
     * marker variable, as pip and uv accept ({@code pkg @ git+https://x/pkg.git@v1; python_version < "3.12"}).
     */
    private static final Pattern URL_MARKER = Pattern.compile("\\s+;|;(?=\\s|(?:python_version|python_full_version"
            + "|os_name|sys_platform|platform_release|platform_system|platform_version|platform_machine"
            + "|platform_python_implementation|implementation_name|implementation_version|extra)\\b)");

    /** PEP 503 normalisation: lowercase, runs of {@code -}, {@code _}, {@code .} become one {@code -}. */
    public static String normalizeName(String name) {
        return RUNS.matcher(name.trim().toLowerCase(Locale.ROOT)).replaceAll("-");
    }

    /** Parses one requirement string; empty when it is not a PEP 508 requirement. */
    public static Optional<Requirement> parse(String text) {
        String s = text.strip();
        Matcher m = NAME.matcher(s);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        String name = m.group();
        int i = skipSpace(s, m.end());
        String extras = "";
        if (i < s.length() && s.charAt(i) == '[') {
            int close = s.indexOf(']', i);
            if (close < 0) {
                return Optional.empty();
            }
            extras = s.substring(i + 1, close).strip();
            i = skipSpace(s, close + 1);
        }
        if (i < s.length() && s.charAt(i) == '@') {
            String rest = s.substring(i + 1).strip();
            String marker = "";
            Matcher mm = URL_MARKER.matcher(rest);
            if (mm.find()) {
                marker = rest.substring(mm.end()).strip();
                rest = rest.substring(0, mm.start()).strip();
            }
            if (rest.isEmpty() || rest.chars().anyMatch(Character::isWhitespace)) {
                return Optional.empty();
            }
            return Optional.of(new Requirement(name, extras, "", rest, marker));
        }
        String rest = s.substring(i);
        String marker = "";
        int semi = rest.indexOf(';');
        if (semi >= 0) {
            marker = rest.substring(semi + 1).strip();
            rest = rest.substring(0, semi);
        }
        String spec = rest.strip();
        if (spec.startsWith("(") && spec.endsWith(")")) {
            spec = spec.substring(1, spec.length() - 1);
        }
        spec = spec.replaceAll("\\s+", "");
        if (!spec.isEmpty()) {
            for (String clause : spec.split(",", -1)) {
                if (!CLAUSE.matcher(clause).matches()) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new Requirement(name, extras, spec, "", marker));
    }

    /**
     * The name in a pip {@code #egg=name[extras]} URL fragment ({@code -e git+https://...#egg=anyio}); empty when there
     * is none.
     */
    static Optional<String> eggName(String url) {
        int at = url.indexOf("#egg=");
        if (at < 0) {
            at = url.indexOf("&egg=");
        }
        if (at < 0) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(url);
        m.region(at + 5, url.length());
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        String egg = m.group();
        // old style "name-1.0": a dash followed by a digit starts the version
        Matcher v = Pattern.compile("-\\d").matcher(egg);
        return Optional.of(v.find() ? egg.substring(0, v.start()) : egg);
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
