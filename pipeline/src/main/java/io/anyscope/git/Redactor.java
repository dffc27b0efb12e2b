package io.anyscope.git;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from URLs, wherever they appear in a string (a bare URL, or a message quoting one).
 *
 * <ul>
 *   <li>The user-info part of a {@code scheme://user:password@host} or {@code scheme://token@host} URL becomes
 *       {@code ***}: {@code https://user:token@host/x} becomes {@code https://***@host/x}. For {@code ssh://} URLs a
 *       user name alone ({@code ssh://git@host/r}) is kept, since it is an account name and not a secret; with a
 *       password it is redacted like the others.</li>
 *   <li>The value of a query parameter whose name contains token, password, passwd, pwd, secret, key, auth, sig or
 *       credential (case-insensitive) becomes {@code ***}: {@code ?access_token=abc} becomes
 *       {@code ?access_token=***}.</li>
 *   <li>scp-like locations ({@code git@host:org/repo.git}) carry no secret and are kept.</li>
 * </ul>
 */
public final class Redactor {
    /** What replaces a secret. */
    public static final String MASK = "***";

    // scheme://userinfo@ where userinfo stops at '/', whitespace, or a quote; greedy up to the last '@' so that an
    // unescaped '@' in a password is swallowed too.
    private static final Pattern USERINFO =
            Pattern.compile("\\b([A-Za-z][A-Za-z0-9+.-]*://)([^/\\s\"'<>]*)@");
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "([?&;])([^=&;#\\s\"'<>]*(?:token|password|passwd|pwd|secret|key|auth|sig|credential)[^=&;#\\s\"'<>]*)"
                    // the value, without punctuation that ends the sentence around the URL ("...?token=x: failed")
                    + "=([^&;#\\s\"'<>]*?)(?=[.,:;)]*(?:[&;#\\s\"'<>]|$))",
            Pattern.CASE_INSENSITIVE);

    private Redactor() {
    }

    /** The text with every URL credential masked; {@code null} stays {@code null}. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher m = USERINFO.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String scheme = m.group(1);
            String userInfo = m.group(2);
            String replacement;
            String lower = scheme.toLowerCase(Locale.ROOT); // not the default locale: "GIT" in Turkish
            boolean ssh = lower.startsWith("ssh") || lower.startsWith("git+ssh");
            if (ssh && !userInfo.contains(":") && !userInfo.isEmpty()) {
                replacement = scheme + userInfo + "@";
            } else {
                replacement = scheme + MASK + "@";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return SECRET_PARAM.matcher(out).replaceAll(r -> Matcher.quoteReplacement(r.group(1) + r.group(2) + "=" + MASK));
    }

    /** The first 16 hex characters of the SHA-256 of the UTF-8 text. */
    static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
