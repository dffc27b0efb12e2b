package io.anyscope.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A baseline: how many sites of each identity a repository is allowed to keep. A tab-separated text file, sorted,
 * one line per {@link SiteKey} with its count, after a commented header naming the anyscope and catalog versions:
 *
 * <pre>
 * # anyscope check baseline (anyscope 0.1.0, catalog 2026.11.3): sites allowed per identity ...
 * count	path	symbol	line
 * 2	payments/worker.py	asyncio.create_task	task = asyncio.create_task(self.run())
 * </pre>
 *
 * Keyed on content, not line numbers, so it survives edits above a site. Backslash, tab, CR and LF in a field are
 * written as {@code \\}, {@code \t}, {@code \r}, {@code \n}.
 */
public final class Baseline {
    static final String COLUMNS = "count\tpath\tsymbol\tline";
    private final Map<SiteKey, Integer> counts;

    public Baseline(Map<SiteKey, Integer> counts) {
        this.counts = new TreeMap<>(counts);
    }

    public Map<SiteKey, Integer> counts() {
        return counts;
    }

    public int count(SiteKey k) {
        return counts.getOrDefault(k, 0);
    }

    /** Reads a baseline file. */
    public static Baseline read(Path file) throws CheckException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CheckException.usage("cannot read baseline " + file + ": " + e.getMessage());
        }
        Map<SiteKey, Integer> m = new TreeMap<>();
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank() || line.startsWith("#") || line.equals(COLUMNS)) {
                continue;
            }
            String[] f = line.split("\t", -1);
            int count;
            try {
                count = f.length == 4 ? Integer.parseInt(f[0]) : -1;
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 1) {
                throw CheckException.usage("baseline " + file + " line " + n
                        + ": expected count, path, symbol and line separated by tabs");
            }
            m.merge(new SiteKey(unescape(f[1]), unescape(f[2]), unescape(f[3])), count, Integer::sum);
        }
        return new Baseline(m);
    }

    /** Writes this baseline to {@code file} (atomically: a temporary file renamed over it). */
    public void write(Path file, String anyscopeVersion, String catalogVersion) throws CheckException {
        StringBuilder b = new StringBuilder();
        b.append("# anyscope check baseline (anyscope ").append(anyscopeVersion).append(", catalog ")
                .append(catalogVersion).append("): legacy, broken and blocker-dependency sites allowed per identity.\n")
                .append("# A site is (path, symbol, trimmed source line); check fails on sites beyond these counts.\n")
                .append("# Written by `anyscope check --write-baseline`; only ever tightened by `--update-baseline`.\n")
                .append(COLUMNS).append('\n');
        counts.forEach((k, c) -> b.append(c).append('\t').append(escape(k.path())).append('\t')
                .append(escape(k.symbol())).append('\t').append(escape(k.text())).append('\n'));
        try {
            Path abs = file.toAbsolutePath();
            Path dir = abs.getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".anyscope-baseline", ".tmp");
            Files.writeString(tmp, b.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw CheckException.failed("cannot write baseline " + file + ": " + e.getMessage(), e);
        }
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n");
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(switch (n) {
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
