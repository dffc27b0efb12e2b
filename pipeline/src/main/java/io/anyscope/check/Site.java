package io.anyscope.check;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One site {@code check} tracks: a usage of a legacy or blocker library, a broken reference (a target library's name
 * that does not exist), or a declared dependency on a legacy or blocker library.
 *
 * @param path         the file's path now (repository-relative, {@code /} separators)
 * @param identityPath the path the site's identity uses: the old path across a rename or copy, else {@link #path}
 * @param kind         the usage fact's kind ({@code import}, {@code call}, ...) or {@code dependency}
 * @param library      the tracked library
 * @param role         its role in the catalog ({@code legacy}, {@code blocker}, {@code target})
 * @param symbol       the fully qualified symbol, or {@code dependency:<distribution>}
 * @param text         the trimmed source line, or the dependency's section
 * @param tier         effort tier: {@code blocker} for blocker libraries, else the catalog's effort, else {@code manual}
 * @param broken       why the site is broken (see {@link BrokenSites}); for a {@link #MISTAKE}, what is wrong; or null
 * @param occurrence   1-based number among the file's tracked sites of the same key, in line order
 */
public record Site(String path, String identityPath, int line, int column, String kind, String library, String role,
                   String symbol, String text, String ruleId, String category, String equivalent, String tier,
                   String risk, String broken, int occurrence) {
    public static final String DEPENDENCY = "dependency";
    /** The kind (and role) of a migration-mistake site: a finding of a rule of src/catalog/rules/mistakes.yaml. */
    public static final String MISTAKE = "mistake";

    public SiteKey key() {
        return new SiteKey(identityPath, symbol, text);
    }

    public Site withOccurrence(int n) {
        return new Site(path, identityPath, line, column, kind, library, role, symbol, text, ruleId, category,
                equivalent, tier, risk, broken, n);
    }

    public boolean isDependency() {
        return DEPENDENCY.equals(kind);
    }

    public boolean isMistake() {
        return MISTAKE.equals(kind);
    }

    /** The distribution name of a dependency site, the rule id of a mistake, else the symbol. */
    public String displaySymbol() {
        return isDependency() ? symbol.substring(DEPENDENCY.length() + 1)
                : isMistake() ? symbol.substring(MISTAKE.length() + 1) : symbol;
    }

    /** A stable hash of the site identity (key and occurrence): SARIF's partial fingerprint. */
    public String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            String s = identityPath + '\u001f' + symbol + '\u001f' + text + '\u001f' + occurrence;
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
