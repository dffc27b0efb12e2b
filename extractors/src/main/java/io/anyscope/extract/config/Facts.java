package io.anyscope.extract.config;

import io.anyscope.extract.ConfigFact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What one extraction collects: facts (kept to tracked distributions) and problems, for one file. */
final class Facts {
    static final String DEPENDENCY = "dependency";
    static final String PYTEST_SETTING = "pytest_setting";

    private final String path;
    private final TrackedDependencies tracked;
    private final List<ConfigFact> facts = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    Facts(String path, TrackedDependencies tracked) {
        this.path = path;
        this.tracked = tracked;
    }

    String path() {
        return path;
    }

    boolean isTracked(String name) {
        return tracked.isTracked(name);
    }

    /** Records a declared dependency if its distribution is tracked; the name is PEP 503-normalised here. */
    void dependency(String name, String specifier, String section, int line) {
        if (tracked.isTracked(name)) {
            facts.add(new ConfigFact(DEPENDENCY, Requirement.normalizeName(name), specifier, section, line));
        }
    }

    void setting(String name, String value, String section, int line) {
        facts.add(new ConfigFact(PYTEST_SETTING, name, value, section, line));
    }

    /** A problem; the message is prefixed with the file's path. */
    void problem(String message) {
        problems.add(path + ": " + message);
    }

    /** A problem tied to a line. */
    void problem(int line, String message) {
        problem(line > 0 ? "line " + line + ": " + message : message);
    }

    /** Facts in line order (stable: facts on one line keep the order they were found in). */
    List<ConfigFact> facts() {
        List<ConfigFact> sorted = new ArrayList<>(facts);
        sorted.sort(Comparator.comparingInt(ConfigFact::line));
        return List.copyOf(sorted);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }
}
