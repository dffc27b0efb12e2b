package io.anyscope.check;

import java.util.Comparator;

/**
 * A site's identity without its occurrence number, as regressions use it: the path (a renamed or copied file's old
 * path), the symbol and the trimmed source line. Line numbers are not part of it, so it survives edits above a site.
 * Dependencies use {@code dependency:<distribution>} as symbol and their section as text.
 */
public record SiteKey(String path, String symbol, String text) implements Comparable<SiteKey> {
    private static final Comparator<SiteKey> ORDER = Comparator.comparing(SiteKey::path)
            .thenComparing(SiteKey::symbol).thenComparing(SiteKey::text);

    @Override
    public int compareTo(SiteKey o) {
        return ORDER.compare(this, o);
    }
}
