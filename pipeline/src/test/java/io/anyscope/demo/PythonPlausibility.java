package io.anyscope.demo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * A deliberately small check that a Python source is plausible without running Python: strings and comments are
 * tokenized, brackets must balance, indentation is spaces in steps of four, blocks open only after a line ending in
 * {@code :}, and dedents return to an earlier level. Returns the problems found (empty when plausible).
 */
final class PythonPlausibility {
    private static final Set<String> STRING_PREFIXES = Set.of("r", "u", "f", "b", "rb", "br", "fr", "rf");

    private PythonPlausibility() {
    }

    static List<String> problems(String src) {
        List<String> out = new ArrayList<>();
        Deque<Character> brackets = new ArrayDeque<>();
        Deque<Integer> indents = new ArrayDeque<>();
        indents.push(0);
        int n = src.length();
        int i = 0;
        int line = 1;
        boolean atLineStart = true;
        boolean continuation = false;
        boolean expectIndent = false;
        char lastSig = 0;
        while (i < n) {
            if (atLineStart) {
                atLineStart = false;
                if (brackets.isEmpty() && !continuation) {
                    int j = i;
                    while (j < n && src.charAt(j) == ' ') {
                        j++;
                    }
                    if (j < n && src.charAt(j) == '\t') {
                        out.add(line + ": tab in indentation");
                    }
                    boolean blank = j >= n || src.charAt(j) == '\n' || src.charAt(j) == '\r' || src.charAt(j) == '#';
                    if (!blank) {
                        int indent = j - i;
                        if (indent % 4 != 0) {
                            out.add(line + ": indentation " + indent + " is not a multiple of 4");
                        }
                        if (expectIndent) {
                            if (indent <= indents.peek()) {
                                out.add(line + ": expected an indented block");
                            } else {
                                indents.push(indent);
                            }
                        } else if (indent > indents.peek()) {
                            out.add(line + ": unexpected indent");
                        } else {
                            while (indent < indents.peek()) {
                                indents.pop();
                            }
                            if (indent != indents.peek()) {
                                out.add(line + ": dedent does not match any outer level");
                            }
                        }
                        expectIndent = false;
                    }
                    i = j;
                    continue;
                }
                continuation = false;
            }
            char c = src.charAt(i);
            if (c == '#') {
                while (i < n && src.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '\\' && i + 1 < n && src.charAt(i + 1) == '\n') {
                continuation = true;
                atLineStart = true;
                line++;
                i += 2;
                continue;
            }
            if (c == '\n') {
                if (brackets.isEmpty()) {
                    if (lastSig == ':') {
                        expectIndent = true;
                    }
                    lastSig = 0;
                }
                line++;
                atLineStart = true;
                i++;
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(src.charAt(j)) || src.charAt(j) == '_')) {
                    j++;
                }
                String word = src.substring(i, j).toLowerCase(java.util.Locale.ROOT);
                if (j < n && (src.charAt(j) == '"' || src.charAt(j) == '\'') && STRING_PREFIXES.contains(word)) {
                    i = j;
                } else {
                    lastSig = src.charAt(j - 1);
                    i = j;
                    continue;
                }
                c = src.charAt(i);
            }
            if (c == '"' || c == '\'') {
                boolean triple = i + 2 < n && src.charAt(i + 1) == c && src.charAt(i + 2) == c;
                int startLine = line;
                i += triple ? 3 : 1;
                boolean closed = false;
                while (i < n) {
                    char d = src.charAt(i);
                    if (d == '\\') {
                        if (i + 1 < n && src.charAt(i + 1) == '\n') {
                            line++;
                        }
                        i += 2;
                        continue;
                    }
                    if (d == '\n') {
                        if (!triple) {
                            break;
                        }
                        line++;
                    }
                    if (d == c && (!triple || (i + 2 < n && src.charAt(i + 1) == c && src.charAt(i + 2) == c))) {
                        i += triple ? 3 : 1;
                        closed = true;
                        break;
                    }
                    i++;
                }
                if (!closed) {
                    out.add(startLine + ": unterminated string");
                    return out;
                }
                lastSig = c;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                brackets.push(c);
            } else if (c == ')' || c == ']' || c == '}') {
                char open = c == ')' ? '(' : c == ']' ? '[' : '{';
                if (brackets.isEmpty() || brackets.pop() != open) {
                    out.add(line + ": unbalanced '" + c + "'");
                    return out;
                }
            }
            if (!Character.isWhitespace(c)) {
                lastSig = c;
            }
            i++;
        }
        if (!brackets.isEmpty()) {
            out.add("end of file: unclosed '" + brackets.peek() + "'");
        }
        if (expectIndent || lastSig == ':') {
            out.add("end of file: block without a body");
        }
        return out;
    }
}
