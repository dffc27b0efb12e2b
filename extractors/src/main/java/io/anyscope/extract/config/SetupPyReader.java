package io.anyscope.extract.config;

import io.anyscope.extract.PythonParser;
import org.treesitter.AnyscopeTs;
import org.treesitter.TSNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * setup.py: the literal {@code install_requires}, {@code tests_require} and {@code extras_require} keyword arguments
 * of every {@code setup(...)} / {@code setuptools.setup(...)} call, read from a tree-sitter Python tree. Nothing is
 * evaluated: a value that is not a literal (a name, a call, a comprehension, {@code [*base]}, an f-string) is a
 * problem and gives no facts. A single string literal is accepted as setuptools accepts it: one requirement a line.
 *
 * <p>Parsed as {@link io.anyscope.extract.PythonExtractor} parses: the native tree is freed as soon as the walk is
 * done, and nodes are read through {@link AnyscopeTs}.
 *
 * <p>Not thread-safe: it uses one parser.
 */
final class SetupPyReader {
    private final PythonParser parser;
    private final int fFunction;
    private final int fArguments;
    private final int fAttribute;
    private final int fName;
    private final int fValue;
    private final int fKey;

    /** Reads through {@code parser} (its owner may parse with it too, on the same thread, between reads). */
    SetupPyReader(PythonParser parser) {
        this.parser = parser;
        fFunction = parser.fieldId("function");
        fArguments = parser.fieldId("arguments");
        fAttribute = parser.fieldId("attribute");
        fName = parser.fieldId("name");
        fValue = parser.fieldId("value");
        fKey = parser.fieldId("key");
    }

    void read(byte[] content, Facts out) {
        byte[] src = Text.loneCrToLf(content);
        try (AnyscopeTs.Tree tree = parser.parse(src)) {
            if (tree == null) {
                throw new IllegalStateException("tree-sitter returned no tree");
            }
            new Walk(src, out).run(tree.root());
        }
    }

    // Node access through AnyscopeTs: the same answers as the TSNode methods (a null node throws the same
    // TSException), with fewer JNI calls.

    private static String type(TSNode n) {
        return AnyscopeTs.type(n);
    }

    private static boolean isNull(TSNode n) {
        return AnyscopeTs.isNull(n);
    }

    private static int namedChildCount(TSNode n) {
        return AnyscopeTs.namedChildCount(n);
    }

    private static TSNode namedChild(TSNode n, int i) {
        return AnyscopeTs.namedChild(n, i);
    }

    /** The 1-based line of the node's first byte. */
    private static int line(TSNode n) {
        return AnyscopeTs.startPoint(n).getRow() + 1;
    }

    private final class Walk {
        private final byte[] src;
        private final Facts out;

        Walk(byte[] src, Facts out) {
            this.src = src;
            this.out = out;
        }

        private TSNode field(TSNode n, int fieldId) {
            return AnyscopeTs.childByFieldId(n, fieldId);
        }

        void run(TSNode root) {
            Deque<TSNode> stack = new ArrayDeque<>();
            stack.push(root);
            while (!stack.isEmpty()) {
                TSNode n = stack.pop();
                if (type(n).equals("call") && isSetup(field(n, fFunction))) {
                    setupCall(field(n, fArguments));
                }
                for (int i = namedChildCount(n) - 1; i >= 0; i--) {
                    stack.push(namedChild(n, i));
                }
            }
        }

        private boolean isSetup(TSNode fn) {
            if (isNull(fn)) {
                return false;
            }
            if (type(fn).equals("identifier")) {
                return text(fn).equals("setup");
            }
            if (type(fn).equals("attribute")) {
                TSNode attr = field(fn, fAttribute);
                return !isNull(attr) && text(attr).equals("setup");
            }
            return false;
        }

        private void setupCall(TSNode args) {
            if (isNull(args)) {
                return;
            }
            for (int i = 0; i < namedChildCount(args); i++) {
                TSNode kw = namedChild(args, i);
                if (!type(kw).equals("keyword_argument")) {
                    continue;
                }
                String name = text(field(kw, fName));
                TSNode value = field(kw, fValue);
                switch (name) {
                    case "install_requires", "tests_require" -> {
                        List<Item> items = literalList(value);
                        if (items == null) {
                            out.problem(name + " is not a literal list");
                        } else {
                            record(items, "setup." + name);
                        }
                    }
                    case "extras_require" -> extras(value);
                    default -> {
                    }
                }
            }
        }

        private void extras(TSNode dict) {
            if (!type(dict).equals("dictionary")) {
                out.problem("extras_require is not a literal dict");
                return;
            }
            // check the whole dict first: a non-literal part makes the argument non-literal
            List<String> extras = new ArrayList<>();
            List<List<Item>> lists = new ArrayList<>();
            for (int i = 0; i < namedChildCount(dict); i++) {
                TSNode pair = namedChild(dict, i);
                if (type(pair).equals("comment")) {
                    continue;
                }
                if (!type(pair).equals("pair")) {
                    out.problem("extras_require is not a literal dict");
                    return;
                }
                Item key = literalString(field(pair, fKey));
                if (key == null) {
                    out.problem("extras_require is not a literal dict");
                    return;
                }
                List<Item> items = literalList(field(pair, fValue));
                if (items == null) {
                    out.problem("extras_require['" + key.text() + "'] is not a literal list");
                    continue;
                }
                extras.add(key.text());
                lists.add(items);
            }
            for (int i = 0; i < extras.size(); i++) {
                record(lists.get(i), "setup.extras_require." + extras.get(i));
            }
        }

        private void record(List<Item> items, String section) {
            for (Item it : items) {
                String s = PipLines.stripComment(it.text());
                if (s.isEmpty()) {
                    continue;
                }
                Optional<Requirement> r = Requirement.parse(s);
                if (r.isEmpty()) {
                    out.problem(it.line(), "not a requirement in " + section + ": " + s);
                } else {
                    out.dependency(r.get().name(), r.get().specifier(), section, it.line());
                }
            }
        }

        /** The strings of a list or tuple of string literals, or of one string literal (one item a line); null otherwise. */
        private List<Item> literalList(TSNode v) {
            if (isNull(v)) {
                return null;
            }
            List<Item> items = new ArrayList<>();
            String type = type(v);
            if (type.equals("list") || type.equals("tuple")) {
                for (int i = 0; i < namedChildCount(v); i++) {
                    TSNode e = namedChild(v, i);
                    if (type(e).equals("comment")) {
                        continue;
                    }
                    Item s = literalString(e);
                    if (s == null) {
                        return null;
                    }
                    items.add(s);
                }
                return items;
            }
            Item s = literalString(v);
            if (s == null) {
                return null;
            }
            String[] lines = s.text().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                items.add(new Item(lines[i], s.line() + i));
            }
            return items;
        }

        /** A string literal (or implicit concatenation of them) without interpolation; null otherwise. */
        private Item literalString(TSNode n) {
            if (isNull(n)) {
                return null;
            }
            while (type(n).equals("parenthesized_expression") && namedChildCount(n) == 1) {
                n = namedChild(n, 0);
            }
            if (type(n).equals("concatenated_string")) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < namedChildCount(n); i++) {
                    TSNode part = namedChild(n, i);
                    if (type(part).equals("comment")) {
                        continue;
                    }
                    Item p = plainString(part);
                    if (p == null) {
                        return null;
                    }
                    sb.append(p.text());
                }
                return new Item(sb.toString(), line(n));
            }
            return plainString(n);
        }

        /** One string literal node (not a concatenation); null when it is anything else or interpolates. */
        private Item plainString(TSNode n) {
            if (!type(n).equals("string")) {
                return null;
            }
            TSNode start = null;
            TSNode end = null;
            int count = AnyscopeTs.childCount(n);
            for (int i = 0; i < count; i++) {
                TSNode c = AnyscopeTs.child(n, i);
                switch (type(c)) {
                    case "string_start" -> start = c;
                    case "string_end" -> end = c;
                    case "interpolation" -> {
                        return null;
                    }
                    default -> {
                    }
                }
            }
            if (start == null || end == null) {
                return null;
            }
            String prefix = text(start).replace("\"", "").replace("'", "");
            int bodyStart = AnyscopeTs.endByte(start);
            String body = new String(src, bodyStart, AnyscopeTs.startByte(end) - bodyStart, StandardCharsets.UTF_8);
            if (prefix.indexOf('r') < 0 && prefix.indexOf('R') < 0) {
                body = unescape(body);
            }
            return new Item(body, line(n));
        }

        private String text(TSNode n) {
            if (isNull(n)) {
                return "";
            }
            int start = AnyscopeTs.startByte(n);
            return new String(src, start, AnyscopeTs.endByte(n) - start, StandardCharsets.UTF_8);
        }
    }

    /** A string and the 1-based line it stands on. */
    private record Item(String text, int line) {
    }

    /** Python's simple escapes; others are kept as written (requirement strings have no use for them). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                sb.append(c);
                continue;
            }
            char d = s.charAt(++i);
            switch (d) {
                case '\n' -> {
                }
                case '\\', '\'', '"' -> sb.append(d);
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                default -> sb.append('\\').append(d);
            }
        }
        return sb.toString();
    }
}
