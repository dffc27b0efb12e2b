package io.anyscope.extract.config;

import org.treesitter.TSInputEncoding;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSTree;
import org.treesitter.TreeSitterPython;

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
 * <p>Not thread-safe: it holds one parser.
 */
final class SetupPyReader {
    private static final int CHUNK = 64 * 1024;

    private final TSParser parser = new TSParser();

    SetupPyReader() {
        parser.setLanguage(new TreeSitterPython());
    }

    void read(byte[] content, Facts out) {
        byte[] src = Text.loneCrToLf(content);
        TSTree tree = parser.parse(new byte[CHUNK], null, (buf, offset, point) -> {
            int n = Math.min(buf.length, src.length - offset);
            if (n <= 0) {
                return 0;
            }
            System.arraycopy(src, offset, buf, 0, n);
            return n;
        }, TSInputEncoding.TSInputEncodingUTF8);
        new Walk(src, out).run(tree.getRootNode());
    }

    private static final class Walk {
        private final byte[] src;
        private final Facts out;

        Walk(byte[] src, Facts out) {
            this.src = src;
            this.out = out;
        }

        void run(TSNode root) {
            Deque<TSNode> stack = new ArrayDeque<>();
            stack.push(root);
            while (!stack.isEmpty()) {
                TSNode n = stack.pop();
                if (n.getType().equals("call") && isSetup(n.getChildByFieldName("function"))) {
                    setupCall(n.getChildByFieldName("arguments"));
                }
                for (int i = n.getNamedChildCount() - 1; i >= 0; i--) {
                    stack.push(n.getNamedChild(i));
                }
            }
        }

        private boolean isSetup(TSNode fn) {
            if (fn == null || fn.isNull()) {
                return false;
            }
            if (fn.getType().equals("identifier")) {
                return text(fn).equals("setup");
            }
            if (fn.getType().equals("attribute")) {
                TSNode attr = fn.getChildByFieldName("attribute");
                return attr != null && !attr.isNull() && text(attr).equals("setup");
            }
            return false;
        }

        private void setupCall(TSNode args) {
            if (args == null || args.isNull()) {
                return;
            }
            for (int i = 0; i < args.getNamedChildCount(); i++) {
                TSNode kw = args.getNamedChild(i);
                if (!kw.getType().equals("keyword_argument")) {
                    continue;
                }
                String name = text(kw.getChildByFieldName("name"));
                TSNode value = kw.getChildByFieldName("value");
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
            if (!dict.getType().equals("dictionary")) {
                out.problem("extras_require is not a literal dict");
                return;
            }
            // check the whole dict first: a non-literal part makes the argument non-literal
            List<String> extras = new ArrayList<>();
            List<List<Item>> lists = new ArrayList<>();
            for (int i = 0; i < dict.getNamedChildCount(); i++) {
                TSNode pair = dict.getNamedChild(i);
                if (pair.getType().equals("comment")) {
                    continue;
                }
                if (!pair.getType().equals("pair")) {
                    out.problem("extras_require is not a literal dict");
                    return;
                }
                Item key = literalString(pair.getChildByFieldName("key"));
                if (key == null) {
                    out.problem("extras_require is not a literal dict");
                    return;
                }
                List<Item> items = literalList(pair.getChildByFieldName("value"));
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

        /** A string and the 1-based line it stands on. */
        private record Item(String text, int line) {
        }

        /** The strings of a list or tuple of string literals, or of one string literal (one item a line); null otherwise. */
        private List<Item> literalList(TSNode v) {
            if (v == null || v.isNull()) {
                return null;
            }
            List<Item> items = new ArrayList<>();
            String type = v.getType();
            if (type.equals("list") || type.equals("tuple")) {
                for (int i = 0; i < v.getNamedChildCount(); i++) {
                    TSNode e = v.getNamedChild(i);
                    if (e.getType().equals("comment")) {
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
            if (n == null || n.isNull()) {
                return null;
            }
            while (n.getType().equals("parenthesized_expression") && n.getNamedChildCount() == 1) {
                n = n.getNamedChild(0);
            }
            if (n.getType().equals("concatenated_string")) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < n.getNamedChildCount(); i++) {
                    TSNode part = n.getNamedChild(i);
                    if (part.getType().equals("comment")) {
                        continue;
                    }
                    Item p = plainString(part);
                    if (p == null) {
                        return null;
                    }
                    sb.append(p.text());
                }
                return new Item(sb.toString(), n.getStartPoint().getRow() + 1);
            }
            return plainString(n);
        }

        /** One string literal node (not a concatenation); null when it is anything else or interpolates. */
        private Item plainString(TSNode n) {
            if (!n.getType().equals("string")) {
                return null;
            }
            TSNode start = null;
            TSNode end = null;
            for (int i = 0; i < n.getChildCount(); i++) {
                TSNode c = n.getChild(i);
                switch (c.getType()) {
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
            String body = new String(src, start.getEndByte(), end.getStartByte() - start.getEndByte(),
                    StandardCharsets.UTF_8);
            if (prefix.indexOf('r') < 0 && prefix.indexOf('R') < 0) {
                body = unescape(body);
            }
            return new Item(body, n.getStartPoint().getRow() + 1);
        }

        private String text(TSNode n) {
            if (n == null || n.isNull()) {
                return "";
            }
            return new String(src, n.getStartByte(), n.getEndByte() - n.getStartByte(), StandardCharsets.UTF_8);
        }
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
