package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import org.treesitter.AnyscopeTs;
import org.treesitter.TSNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.anyscope.extract.Nodes.child;
import static io.anyscope.extract.Nodes.childCount;
import static io.anyscope.extract.Nodes.end;
import static io.anyscope.extract.Nodes.field;
import static io.anyscope.extract.Nodes.isNull;
import static io.anyscope.extract.Nodes.start;

/**
 * Names imported from a project's own module that may be a compatibility layer re-exporting a tracked library
 * ({@code from rollouts.aio import create_task_group}): one file cannot know whether {@code rollouts/aio.py} re-exports
 * anyio, so each such import, and each reference through the name it binds, is a candidate fact per tracked symbol of
 * that name ({@link Usage#via()}), which the analytics resolve against the modules of the same snapshot.
 *
 * <p>Cost bound: only {@code from MODULE import NAME} where MODULE may be the project's (relative, or neither a tracked
 * library nor the standard library: {@link Catalog#mayBeProjectModule}) and NAME is a name some tracked library has
 * ({@link Catalog#importableNames}); ordinary code adds nothing. A star import of such a module brings names this
 * file cannot know and gives no candidate; nor does {@code import rollouts.aio as aio; aio.sleep()}.
 */
final class ProxyImports {
    private final ParsedFile file;
    private final Nodes nodes;
    private final Scopes scopes;
    private final Catalog catalog;
    private final UsageFacts usages;
    private final ImportBindings imports;

    ProxyImports(ParsedFile file, Scopes scopes, Catalog catalog, UsageFacts usages, ImportBindings imports) {
        this.file = file;
        this.nodes = file.nodes;
        this.scopes = scopes;
        this.catalog = catalog;
        this.usages = usages;
        this.imports = imports;
    }

    /** Finds the candidate imports (from the {@code from} keywords), emits their facts and binds their names. */
    void find() {
        Map<String, List<String>> importable = catalog.importableNames();
        int i = 0;
        while ((i = file.nextWord("from", i, file.length())) >= 0) {
            int at = i;
            i += "from".length();
            TSNode kw = file.nodeAt(at, at + "from".length());
            if (!nodes.type(kw).equals("from") || start(kw) != at) {
                continue;
            }
            TSNode stmt = nodes.parent(kw);
            if (isNull(stmt) || !nodes.type(stmt).equals("import_from_statement") || start(stmt) != at) {
                continue;
            }
            TSNode modNode = field(stmt, nodes.F_MODULE_NAME);
            if (isNull(modNode)) {
                continue;
            }
            String module = moduleText(modNode);
            if (!catalog.mayBeProjectModule(module)) {
                continue;
            }
            int[] scope = scopes.functionRange(at);
            int count = childCount(stmt);
            for (int k = 0; k < count; k++) {
                if (!"name".equals(AnyscopeTs.fieldNameForChild(stmt, k))) {
                    continue;
                }
                TSNode c = child(stmt, k);
                TSNode nameNode = nodes.type(c).equals("aliased_import") ? field(c, nodes.F_NAME) : c;
                if (isNull(nameNode)) {
                    continue;
                }
                String name = file.dotted(nameNode);
                List<String> symbols = importable.get(name);
                if (symbols == null) {
                    continue;
                }
                String alias = c == nameNode ? name : file.text(field(c, nodes.F_ALIAS));
                for (String symbol : symbols) {
                    usages.emitCandidate(start(c), end(c), "import", "other", symbol, alias, module, name);
                }
                imports.bindProxy(alias, new ImportBindings.Proxy(module, name, symbols), scope);
            }
        }
    }

    /** The module of a from-import as written, without spaces: {@code rollouts.aio}, {@code .aio}, {@code ..}. */
    private String moduleText(TSNode modNode) {
        if (nodes.type(modNode).equals("dotted_name")) {
            return file.dotted(modNode);
        }
        StringBuilder sb = new StringBuilder();
        int n = childCount(modNode);
        for (int k = 0; k < n; k++) {
            TSNode c = child(modNode, k);
            sb.append(nodes.type(c).equals("dotted_name") ? file.dotted(c) : file.text(c).replaceAll("\\s", ""));
        }
        return sb.toString();
    }

    /**
     * The byte prefilter's second question, for a file that names no tracked library: may it hold a candidate, a
     * {@code from MODULE import NAME} starting a statement (after a line start, {@code :} or {@code ;}) whose MODULE may be the project's and one of whose names
     * is {@linkplain Catalog#importableNames importable} from a tracked library? Read from the raw bytes (as
     * ISO-8859-1 characters, one a byte) without parsing; it may say yes wrongly (a string that looks like an import), never no wrongly for
     * an import written on one logical line, in parentheses or with backslash continuations.
     */
    static boolean mayImportFromProject(byte[] b, Catalog catalog) {
        Map<String, List<String>> importable = catalog.importableNames();
        int n = b.length;
        int i = 0;
        while ((i = indexOfFrom(b, i)) >= 0) {
            int at = i;
            i += 4;
            if (!statementStart(b, at) || (i < n && !isSpace(b[i]) && b[i] != '.')) {
                continue;
            }
            int j = skipSpaces(b, i);
            int m = j;
            while (j < n && (b[j] == '.' || ParsedFile.identByte(b[j]) || b[j] == ' ' && j + 1 < n && b[j + 1] == '.')) {
                j++;
            }
            String module = new String(b, m, j - m, StandardCharsets.ISO_8859_1).replace(" ", "");
            j = skipSpaces(b, j);
            if (module.isEmpty() || !ParsedFile.bytesAt(b, j, IMPORT) || !catalog.mayBeProjectModule(module)) {
                continue;
            }
            j += IMPORT.length;
            boolean paren = false;
            boolean afterAs = false;
            while (j < n) {
                byte c = b[j];
                if (c == '(') {
                    paren = true;
                    j++;
                } else if (c == ')' || c == ';' || (!paren && (c == '\n' || c == '\r'))) {
                    break;
                } else if (c == '\\') {
                    j += 2;
                } else if (c == '#') {
                    while (j < n && b[j] != '\n' && b[j] != '\r') {
                        j++;
                    }
                    if (!paren) {
                        break;
                    }
                } else if (ParsedFile.identByte(c)) {
                    int w = j;
                    while (j < n && ParsedFile.identByte(b[j])) {
                        j++;
                    }
                    String word = new String(b, w, j - w, StandardCharsets.ISO_8859_1);
                    if (word.equals("as")) {
                        afterAs = true;
                    } else if (afterAs) {
                        afterAs = false;
                    } else if (importable.containsKey(word)) {
                        return true;
                    }
                } else {
                    j++;
                }
            }
        }
        return false;
    }

    private static final byte[] IMPORT = "import".getBytes(StandardCharsets.US_ASCII);

    /** The next {@code from} at or after {@code i}, or -1. */
    private static int indexOfFrom(byte[] b, int i) {
        for (int last = b.length - 4; i <= last; i++) {
            if (b[i] == 'f' && b[i + 1] == 'r' && b[i + 2] == 'o' && b[i + 3] == 'm') {
                return i;
            }
        }
        return -1;
    }

    /** True when only blanks separate {@code at} from the start of its line, a {@code :} or a {@code ;}. */
    private static boolean statementStart(byte[] b, int at) {
        for (int k = at - 1; k >= 0; k--) {
            byte c = b[k];
            if (c == '\n' || c == '\r' || c == ':' || c == ';') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\f') {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\\';
    }

    private static int skipSpaces(byte[] b, int j) {
        while (j < b.length) {
            byte c = b[j];
            if (c == ' ' || c == '\t') {
                j++;
            } else if (c == '\\' && j + 1 < b.length && (b[j + 1] == '\n' || b[j + 1] == '\r')) {
                j += b[j + 1] == '\r' && j + 2 < b.length && b[j + 2] == '\n' ? 3 : 2;
            } else {
                break;
            }
        }
        return j;
    }
}
