package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import org.treesitter.AnyscopeTs;

import java.nio.charset.StandardCharsets;

/**
 * A small Python source parsed for the unit tests of the extractor's parts: its {@link ParsedFile}, and the parts
 * wired as {@link PythonExtractor} wires them. Close it to free the tree.
 */
final class PySnippet implements AutoCloseable {
    static final Catalog CATALOG = Catalog.loadDefault();

    final String source;
    final Nodes nodes;
    final ParsedFile file;
    final Scopes scopes;
    final SiteContext context;
    final UsageFacts usages;
    private final AnyscopeTs.Tree tree;

    private PySnippet(String source) {
        this.source = source;
        PythonParser parser = new PythonParser();
        this.nodes = new Nodes(parser);
        SourceText src = SourceText.decode(source.getBytes(StandardCharsets.UTF_8));
        this.tree = parser.parse(src.bytes());
        this.file = new ParsedFile(src, tree.root(), nodes);
        this.scopes = new Scopes(file);
        this.context = new SiteContext(nodes);
        this.usages = new UsageFacts(file, scopes, CATALOG);
    }

    static PySnippet of(String source) {
        return new PySnippet(source);
    }

    /** Byte offset of the first occurrence of {@code text} (the snippets are ASCII). */
    int at(String text) {
        int i = source.indexOf(text);
        if (i < 0) {
            throw new IllegalArgumentException(text + " not in snippet");
        }
        return i;
    }

    /** Import bindings found from every tracked library's hits (dotted hits ignored). */
    ImportBindings imports() {
        ImportBindings imports = new ImportBindings(file, scopes, CATALOG, usages);
        imports.find(CATALOG.libraries().keySet().toArray(new String[0]), (offset, lib) -> {
        });
        return imports;
    }

    MethodFacts methods() {
        return new MethodFacts(file, CATALOG, scopes, context, usages);
    }

    /** One fact as {@code line:col kind symbol@context alias scope}, derived ones marked {@code ~}. */
    static String row(Usage u) {
        return u.line() + ":" + u.column() + " " + u.kind() + " " + u.symbol() + "@" + u.context() + " " + u.alias()
                + " " + (u.scope().isEmpty() ? "-" : u.scope()) + (u.inAsync() ? " async" : "")
                + (u.derived() ? " ~" : "");
    }

    @Override
    public void close() {
        nodes.forget();
        tree.close();
    }
}
