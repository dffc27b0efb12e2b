package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import org.treesitter.AnyscopeTs;

import java.util.List;

/**
 * Extracts usage facts about tracked async libraries from one Python file.
 *
 * <p>Not thread-safe: it owns a tree-sitter parser. Use one instance per thread and reuse it for many files.
 *
 * <p>How it stays fast: it never walks the whole tree. It searches the bytes for tracked library names, asks
 * tree-sitter for the node at each hit to find import statements, then searches the bytes for each name those imports
 * bound and inspects only the few nodes around each hit. Everything is iterative: deeply nested code cannot overflow
 * the Java stack.
 *
 * <p>Name resolution is lexical and deliberately simple: a name bound by an import applies in the function (or
 * module) that holds the import, including nested functions; the innermost such import wins. Re-binding a name by
 * assignment is not tracked. Method facts follow a value from a call whose catalog entry declares {@code returns}
 * through assignments ({@code x = ...}, {@code self.x = ...}, {@code x = await ...}, {@code with ... as x}) within
 * the same function.
 *
 * <p>The work is split by job, each class visiting only around its own byte hits: {@link Nodes} (node access),
 * {@link ParsedFile} (byte search and node text), {@link Scopes}, {@link ImportBindings}, {@link ProxyImports} (names
 * imported from a project's possible compatibility layer), {@link ReferenceFollower}, {@link Reexports},
 * {@link UnboundNames},
 * {@link MethodFacts}, {@link SiteContext}, {@link UsageFacts} (catalog emission), {@link PytestFacts} and
 * {@link FileCounts}; {@link #extract(String, byte[], boolean)} runs them in order.
 */
public final class PythonExtractor {
    private final Catalog catalog;
    private final String[] libraries;
    /** The tracked libraries' names, searched for in one pass by the prefilter. */
    private final Literals libraryNames;
    private final PythonParser parser;
    private final Nodes nodes;
    private final SiteContext context;
    private final RuleEngine rules;

    public PythonExtractor(Catalog catalog) {
        this(catalog, new PythonParser());
    }

    /** An extractor parsing through {@code parser} (which its owner may use too, on the same thread). */
    public PythonExtractor(Catalog catalog, PythonParser parser) {
        this.catalog = catalog;
        this.parser = parser;
        this.libraries = catalog.libraries().keySet().toArray(new String[0]);
        this.libraryNames = new Literals(catalog.libraries().keySet());
        this.nodes = new Nodes(parser);
        this.context = new SiteContext(nodes);
        this.rules = new RuleEngine();
    }

    /** The migration-mistake rules this extractor runs (config rules run on configuration facts too). */
    RuleEngine rules() {
        return rules;
    }

    public Catalog catalog() {
        return catalog;
    }

    /**
     * The byte prefilter: true when the raw bytes mention a tracked library name anywhere (code, strings or
     * comments). Files for which it is false cannot contain a fact and are not parsed.
     */
    public boolean mentionsTrackedLibrary(byte[] raw) {
        return libraryNames.foundIn(raw);
    }

    /**
     * The whole byte prefilter: true when the file may hold a fact, because it {@linkplain #mentionsTrackedLibrary
     * mentions a tracked library} other than as an attribute ({@link #mayNameLibrary}: {@code
     * sqlalchemy.ext.asyncio} alone is no reason to parse) or may import a tracked name from a compatibility layer of
     * the project ({@link ProxyImports#mayImportFromProject}). Files for which it is false are not parsed.
     */
    public boolean mayHoldFacts(byte[] raw) {
        return skippedLines(raw) < 0;
    }

    /**
     * The prefilter's answer and a skipped file's line count from one pass over the bytes: the number of lines when
     * the file cannot hold a fact (it is not parsed), or -1 when it {@linkplain #mayHoldFacts may}.
     */
    private int skippedLines(byte[] raw) {
        int lines = libraryNames.linesIfNone(raw, PythonExtractor::mayNameLibrary);
        if (lines < 0 || ProxyImports.mayImportFromProject(raw, catalog)) {
            return -1;
        }
        return lines;
    }

    /**
     * Whether an occurrence of a tracked library's name in a file's bytes may name the library, so that the file must
     * be parsed: every occurrence but a whole word right after a dot ({@code sqlalchemy.ext.asyncio},
     * {@code self.trio}), which is an attribute or a later part of a dotted module name, never the library; a name
     * after {@code mark.} still counts (pytest's {@code pytest.mark.anyio} marker is a fact). Those are the hits
     * {@link ImportBindings#find} passes over without a node. Non-ASCII bytes count as identifier bytes, as in
     * {@link ParsedFile}, so a name inside a longer identifier counts (it is not a whole word).
     */
    static boolean mayNameLibrary(byte[] b, int at, int length) {
        int end = at + length;
        boolean wholeWordAfterDot = at > 0 && b[at - 1] == '.' && (end == b.length || !ParsedFile.identByte(b[end]))
                && !PytestFacts.afterMark(b, at);
        return !wholeWordAfterDot;
    }

    /** Extracts facts, applying the prefilter. */
    public FileResult extract(String path, byte[] raw) {
        return extract(path, raw, true);
    }

    /** Extracts facts; with {@code prefilter} false every file is parsed (benchmarks compare both). */
    public FileResult extract(String path, byte[] raw, boolean prefilter) {
        if (prefilter) {
            int lines = skippedLines(raw);
            if (lines >= 0) {
                FileSummary s = new FileSummary(path, FileKinds.PYTHON, raw.length, lines, null, false, true,
                        null, null, null, null, null, 0, 0);
                return new FileResult(s, List.of(), List.of());
            }
        }
        SourceText src = SourceText.decode(raw);
        byte[] b = src.bytes();
        List<Usage> usages;
        List<ConfigFact> configFacts;
        List<Finding> findings;
        FileCounts counts;
        // The native tree is freed as soon as the walk is done (not when the GC gets to it): bounded memory.
        try (AnyscopeTs.Tree tree = parser.parse(b)) {
            if (tree == null) {
                throw new IllegalStateException("tree-sitter returned no tree for " + path);
            }
            try {
                ParsedFile file = new ParsedFile(src, tree.root(), nodes);
                Scopes scopes = new Scopes(file);
                UsageFacts facts = new UsageFacts(file, scopes, catalog);
                PytestFacts pytest = new PytestFacts(file);
                ImportBindings imports = new ImportBindings(file, scopes, catalog, facts);
                MethodFacts methods = new MethodFacts(file, catalog, scopes, context, facts);
                imports.find(libraries, pytest::marker);
                new ProxyImports(file, scopes, catalog, facts, imports).find();
                Reexports reexports = new Reexports(scopes, catalog, facts);
                ReferenceFollower references = new ReferenceFollower(file, imports, context, facts, methods,
                        reexports);
                references.find();
                reexports.emit();
                new UnboundNames(file, scopes, catalog, imports, references).find();
                methods.followVariables();
                pytest.findFixtures();
                counts = FileCounts.of(file);
                usages = facts.sorted();
                configFacts = pytest.facts();
                findings = new java.util.ArrayList<>(rules.find(file, scopes, usages));
                findings.addAll(rules.findConfig(configFacts, b));
            } finally {
                nodes.forget();
            }
        }
        FileSummary s = new FileSummary(path, FileKinds.PYTHON, raw.length, src.lineCount(), src.encoding(),
                src.decodeError(), false, counts.parseErrors, counts.asyncDefs, counts.awaits, counts.asyncWiths,
                counts.asyncFors, usages.size(), configFacts.size());
        return new FileResult(s, usages, configFacts, List.of(), findings);
    }

    /** Python line count of raw bytes without decoding (CRLF, LF and lone CR end lines). */
    static int countLines(byte[] b) {
        int n = 0;
        int start = b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF ? 3 : 0;
        for (int i = start; i < b.length; i++) {
            if (b[i] == '\n') {
                n++;
            } else if (b[i] == '\r') {
                if (i + 1 < b.length && b[i + 1] == '\n') {
                    i++;
                }
                n++;
            }
        }
        if (b.length > start && b[b.length - 1] != '\n' && b[b.length - 1] != '\r') {
            n++;
        }
        return n;
    }
}
