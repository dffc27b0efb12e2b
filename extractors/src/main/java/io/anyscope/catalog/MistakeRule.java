package io.anyscope.catalog;

import java.util.List;
import java.util.Map;

/**
 * One migration-mistake rule of {@code src/catalog/rules/*.yaml}: what it finds, how bad it is, the fix, and how it
 * matches. Loaded and validated by {@link MistakeRules}; run by {@code io.anyscope.extract.RuleEngine}.
 *
 * <p>Exactly one way of matching is set: {@link #patterns} (tree-sitter queries over a Python file's tree, with
 * {@link Check}s on their captures), {@link #symbols} (usage facts whose symbol is a key: a data list, e.g. removed
 * AnyIO names with their replacements) or {@link #config} (configuration facts).
 *
 * @param id             unique id ({@code await-start-soon}), also the fixture's name
 * @param severity       one of {@link MistakeRules#SEVERITIES}
 * @param message        what is wrong; {@code {symbol}} and {@code {replacement}} are filled in for symbol rules
 * @param anyio          the AnyIO versions the mistake applies to ({@code >=4.0}), or empty when any
 * @param fix            what to do instead (same placeholders)
 * @param references     public issues and docs that show the mistake (URLs)
 * @param filesImporting only files that import one of these libraries are checked (empty: every parsed file)
 * @param patterns       query patterns (any may match)
 * @param symbols        symbol (a trailing {@code *} matches descendants) to its replacement
 * @param symbolRanges   symbol to the AnyIO versions its finding applies to, when it differs from {@code anyio}
 *                       (a name removed in 2.0 or 4.0, an API added in 3.0)
 * @param config         the configuration facts to match (any of them; empty for other rules)
 * @param repository     conditions on the repository's configuration facts at the same snapshot, checked by the
 *                       SQL views (a finding is kept only where they hold), or null
 */
public record MistakeRule(String id, String severity, String message, String anyio, String fix,
                          List<String> references, List<String> filesImporting, List<Pattern> patterns,
                          Map<String, String> symbols, Map<String, String> symbolRanges, List<ConfigMatch> config,
                          Repository repository) {

    /** The AnyIO versions a finding of {@code symbol} applies to: its own range, else the rule's. */
    public String anyioFor(String symbol) {
        return symbol == null ? anyio : symbolRanges.getOrDefault(symbol, anyio);
    }

    /**
     * Cross-file conditions: a finding holds at a snapshot only when some configuration fact of the repository at
     * that snapshot matches one of {@code has} (when any is listed) and none matches any of {@code lacks}.
     */
    public record Repository(List<ConfigMatch> has, List<ConfigMatch> lacks) {
        /**
         * The conditions as a finding row carries them to SQL: one line per condition, {@code has} or {@code lacks},
         * kind, name and value regular expression separated by tabs ({@code ""} when there are none).
         */
        public String encode() {
            StringBuilder b = new StringBuilder();
            for (ConfigMatch m : has) {
                line(b, "has", m);
            }
            for (ConfigMatch m : lacks) {
                line(b, "lacks", m);
            }
            return b.toString();
        }

        private static void line(StringBuilder b, String op, ConfigMatch m) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(op).append('\t').append(m.kind()).append('\t').append(m.name()).append('\t')
                    .append(m.value() == null ? "" : m.value());
        }
    }

    /**
     * A tree-sitter query (S-expression; {@code #eq?}, {@code #not-eq?}, {@code #match?}, {@code #not-match?},
     * {@code #any-of?} predicates) and checks on its captures. A top-level pattern's {@code @site} capture is where
     * the finding is reported.
     */
    public record Pattern(String query, Map<String, Check> where) {
    }

    /**
     * The generic constraint kinds on one capture; every one set must hold.
     *
     * @param symbol         the capture is a reference (a usage fact starting where it starts and ending within it)
     *                       resolved through the file's imports to one of these symbols: aliases and
     *                       {@code from ... import} work ({@code import anyio as a; a.run(...)})
     * @param containsSymbol some usage fact inside the capture resolves to one of these symbols (an except tuple)
     * @param has            the sub-pattern matches somewhere inside the capture's node
     * @param notHas         the sub-pattern matches nowhere inside it
     * @param inAsync        the capture's nearest enclosing function is (true) or is not (false) an {@code async def}
     * @param within         the capture lies inside a node that the sub-pattern captures as {@code @within}
     *                       (anywhere in the file)
     * @param notWithin      ... inside no such node (a guard: {@code if sniffio.current_async_library() == ...})
     * @param namedBy        the capture is a function definition (or the {@code function} of one) whose name is the
     *                       text of the sub-pattern's {@code @name} capture somewhere in the file (the function is
     *                       passed to {@code anyio.run} or {@code start_soon})
     * @param function       these checks hold on the capture's nearest enclosing function (its decorators included);
     *                       false at module level
     * @param file           these checks hold on the whole file
     */
    public record Check(List<String> symbol, List<String> containsSymbol, Pattern has, Pattern notHas,
                        Boolean inAsync, Pattern within, Pattern notWithin, Pattern namedBy, Check function,
                        Check file) {
        /** The sub-patterns this check runs (for compiling them). */
        public List<Pattern> subPatterns() {
            List<Pattern> out = new java.util.ArrayList<>();
            for (Pattern p : new Pattern[] {has, notHas, within, notWithin, namedBy}) {
                if (p != null) {
                    out.add(p);
                }
            }
            for (Check c : new Check[] {function, file}) {
                if (c != null) {
                    out.addAll(c.subPatterns());
                }
            }
            return out;
        }
    }

    /**
     * A configuration fact ({@code io.anyscope.extract.ConfigFact}) to match: its kind and name exactly, and its
     * value and section by regular expressions when {@code value} / {@code section} are set.
     */
    public record ConfigMatch(String kind, String name, String value, String section) {
    }

    /** True when a symbol (from a list of this rule's data) matches a fact's symbol. */
    public static boolean symbolMatches(String pattern, String symbol) {
        if (pattern.endsWith("*")) {
            String stem = pattern.substring(0, pattern.length() - 1);
            return symbol.startsWith(stem);
        }
        return pattern.equals(symbol);
    }
}
