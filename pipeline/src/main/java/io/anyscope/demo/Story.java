package io.anyscope.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The history of one demo repository, read from a small line-based script ({@code story.txt}) next to the file
 * versions it refers to. The script is the one place that says what happens when; {@link DemoRepos} only replays it.
 *
 * <pre>
 * repo        payments-service                      the directory name and repos.csv name
 * team        payments                              the repos.csv team
 * description An asyncio service migrating ...      one sentence
 * person      priya Priya Raman &lt;priya@x.example&gt; a handle used below, with name and e-mail
 *
 * commit W3 Tue 10:05 priya | Subject line          a commit on the current branch: week index from the start
 *   | optional body line                            Monday (W0..W15), day, UTC time, author handle, message
 *   put src/pkg/mod.py@2                            the file becomes version 2: resource files/src/pkg/mod.py@2
 *   rename src/a.py src/b.py                        a move, content unchanged
 *   rename src/a.py src/b.py@3                      a move, content becomes version 3 of the new path
 *   delete src/old.py
 * branch feature/x                                  create a branch at the current tip and switch to it
 * switch main                                       switch branch
 * merge feature/x W3 Thu 16:00 priya | Merge ...    a no-fast-forward merge of that branch into the current one
 *                                                   (two parents, the merged branch is then deleted)
 * tag v0.1.0 W1 Fri 11:00 priya | Release 0.1.0     an annotated tag on the current tip
 * </pre>
 *
 * Versions are whole files: {@code files/PATH@N} holds version N of PATH. The {@code @N} suffix keeps the templates
 * from looking like Python or configuration files to anyscope itself. Blank lines and lines starting with {@code #}
 * are ignored. Events must be in chronological order.
 */
final class Story {
    /** A person, by handle. */
    record Person(String handle, String name, String email) {
    }

    /** A point in time relative to the start Monday: week index, weekday and UTC time of day. */
    record When(int week, DayOfWeek day, LocalTime time) {
    }

    /** One file change in a commit. {@code version} is null for a delete and for a rename that keeps content. */
    record Change(Kind kind, String path, String newPath, Integer version) {
        enum Kind { PUT, RENAME, DELETE }
    }

    sealed interface Step permits Commit, Branch, Switch, Merge, Tag {
        int line();
    }

    record Commit(int line, When when, String author, String message, List<Change> changes) implements Step {
    }

    record Branch(int line, String name) implements Step {
    }

    record Switch(int line, String name) implements Step {
    }

    record Merge(int line, String branch, When when, String author, String message) implements Step {
    }

    record Tag(int line, String name, When when, String tagger, String message) implements Step {
    }

    private static final Pattern PERSON = Pattern.compile("(\\S+)\\s+(.+?)\\s+<([^>]+)>");
    private static final Pattern TIMED = Pattern.compile(
            "(\\S+\\s+)?W(\\d+)\\s+(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\\s+(\\d\\d:\\d\\d)\\s+(\\S+)\\s+\\|\\s*(.+)");

    final String resourceBase;
    String name;
    String team;
    String description;
    final Map<String, Person> people = new LinkedHashMap<>();
    final List<Step> steps = new ArrayList<>();

    private Story(String resourceBase) {
        this.resourceBase = resourceBase;
    }

    /** Reads {@code <resourceBase>/story.txt} from the class path. */
    static Story load(String resourceBase) {
        Story s = new Story(resourceBase);
        try (InputStream in = open(resourceBase + "/story.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String raw;
            int n = 0;
            Commit open = null;
            while ((raw = r.readLine()) != null) {
                n++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                boolean indented = Character.isWhitespace(raw.charAt(0));
                if (indented) {
                    if (open == null) {
                        throw s.error(n, "indented line outside a commit");
                    }
                    open = s.commitDetail(open, line, n);
                    s.steps.set(s.steps.size() - 1, open);
                    continue;
                }
                open = null;
                int sp = line.indexOf(' ');
                String keyword = sp < 0 ? line : line.substring(0, sp);
                String rest = sp < 0 ? "" : line.substring(sp + 1).strip();
                switch (keyword) {
                    case "repo" -> s.name = rest;
                    case "team" -> s.team = rest;
                    case "description" -> s.description = rest;
                    case "person" -> {
                        Matcher m = PERSON.matcher(rest);
                        if (!m.matches()) {
                            throw s.error(n, "expected: person HANDLE Full Name <email>");
                        }
                        s.people.put(m.group(1), new Person(m.group(1), m.group(2), m.group(3)));
                    }
                    case "commit" -> {
                        Matcher m = s.timed(rest, false, n);
                        open = new Commit(n, when(m), s.person(m.group(5), n), m.group(6), List.of());
                        s.steps.add(open);
                    }
                    case "merge" -> {
                        Matcher m = s.timed(rest, true, n);
                        s.steps.add(new Merge(n, m.group(1).strip(), when(m), s.person(m.group(5), n), m.group(6)));
                    }
                    case "tag" -> {
                        Matcher m = s.timed(rest, true, n);
                        s.steps.add(new Tag(n, m.group(1).strip(), when(m), s.person(m.group(5), n), m.group(6)));
                    }
                    case "branch" -> s.steps.add(new Branch(n, s.word(rest, n)));
                    case "switch" -> s.steps.add(new Switch(n, s.word(rest, n)));
                    default -> throw s.error(n, "unknown keyword '" + keyword + "'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (s.name == null || s.team == null || s.description == null) {
            throw new IllegalStateException(resourceBase + "/story.txt: repo, team and description are required");
        }
        return s;
    }

    /** The bytes of version {@code version} of {@code path}. */
    byte[] content(String path, int version) {
        try (InputStream in = open(resourceBase + "/files/" + path + "@" + version)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Commit commitDetail(Commit c, String line, int n) {
        List<Change> changes = new ArrayList<>(c.changes());
        String message = c.message();
        String[] w = line.split("\\s+");
        switch (w[0]) {
            case "|" -> message = message + (message.contains("\n") ? "\n" : "\n\n") + line.substring(1).strip();
            case "put" -> {
                if (w.length != 2) {
                    throw error(n, "expected: put PATH@N");
                }
                String[] pv = versioned(w[1], true, n);
                changes.add(new Change(Change.Kind.PUT, pv[0], null, Integer.valueOf(pv[1])));
            }
            case "rename" -> {
                if (w.length != 3) {
                    throw error(n, "expected: rename OLD NEW[@N]");
                }
                String[] pv = versioned(w[2], false, n);
                changes.add(new Change(Change.Kind.RENAME, w[1], pv[0], pv[1] == null ? null : Integer.valueOf(pv[1])));
            }
            case "delete" -> {
                if (w.length != 2) {
                    throw error(n, "expected: delete PATH");
                }
                changes.add(new Change(Change.Kind.DELETE, w[1], null, null));
            }
            default -> throw error(n, "expected put, rename, delete or | inside a commit");
        }
        return new Commit(c.line(), c.when(), c.author(), message, List.copyOf(changes));
    }

    private String[] versioned(String token, boolean required, int n) {
        int at = token.lastIndexOf('@');
        if (at < 0) {
            if (required) {
                throw error(n, "missing @VERSION in " + token);
            }
            return new String[] {token, null};
        }
        String v = token.substring(at + 1);
        if (!v.matches("\\d+")) {
            throw error(n, "bad version in " + token);
        }
        return new String[] {token.substring(0, at), v};
    }

    private Matcher timed(String rest, boolean named, int n) {
        Matcher m = TIMED.matcher(rest);
        if (!m.matches() || (m.group(1) != null) != named) {
            throw error(n, "expected: " + (named ? "NAME " : "") + "W<week> <Mon..Sun> <HH:MM> <handle> | <message>");
        }
        return m;
    }

    private static When when(Matcher m) {
        DayOfWeek day = switch (m.group(3)) {
            case "Mon" -> DayOfWeek.MONDAY;
            case "Tue" -> DayOfWeek.TUESDAY;
            case "Wed" -> DayOfWeek.WEDNESDAY;
            case "Thu" -> DayOfWeek.THURSDAY;
            case "Fri" -> DayOfWeek.FRIDAY;
            case "Sat" -> DayOfWeek.SATURDAY;
            default -> DayOfWeek.SUNDAY;
        };
        try {
            return new When(Integer.parseInt(m.group(2)), day, LocalTime.parse(m.group(4)));
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("bad time " + m.group(4), e);
        }
    }

    private String person(String handle, int n) {
        if (!people.containsKey(handle)) {
            throw error(n, "unknown person '" + handle + "' (declare it with 'person')");
        }
        return handle;
    }

    private String word(String rest, int n) {
        if (rest.isEmpty() || rest.contains(" ")) {
            throw error(n, "expected one name");
        }
        return rest;
    }

    IllegalStateException error(int line, String message) {
        return new IllegalStateException(resourceBase + "/story.txt:" + line + ": " + message);
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = Story.class.getResourceAsStream("/" + resource);
        if (in == null) {
            throw new IOException("missing demo resource " + resource);
        }
        return in;
    }
}
