package io.anyscope.analytics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Chart.js, vendored from the npm registry (chart.js@{@value #VERSION}, dist/chart.umd.min.js, MIT licence beside
 * it) and pinned by hash: the file's SHA-512 must be {@link #SHA512}, else nothing is drawn with it. The npm
 * tarball it came from has the registry's integrity {@link #NPM_INTEGRITY}. To update: {@code npm pack
 * chart.js@X}, check the tarball against {@code npm view chart.js@X dist.integrity}, copy dist/chart.umd.min.js and
 * LICENSE.md, and change the three constants.
 */
public final class ChartJs {
    public static final String VERSION = "4.6.2";
    public static final String NPM_INTEGRITY =
            "sha512-xachB+pPHjp0syJi7llUBA1w3kMYl6NF3o7eVrvjnWCT+IB2zMaF2pX5UYDiwbbfsioFEIRnAjreNOMsGj5TIA==";
    public static final String SHA512 =
            "sha512-yimJPlA2LwcTVkyKcDs3Xa5/6NNIeyMJeqmKWu6ExzL1I2Xf/BsISw9cVQWiu4jQR2dnbYV6g2O3/jZ1qIUaKQ==";
    static final String RESOURCE = "vendor/chart.umd.min.js";

    private static volatile String source;

    private ChartJs() {
    }

    /** The library's code to inline in a page, checked against its pinned hash (the source-map comment dropped). */
    public static String source() {
        String s = source;
        if (s == null) {
            byte[] bytes = bytes();
            String got = integrity(bytes);
            if (!got.equals(SHA512)) {
                throw new IllegalStateException(RESOURCE + " is not the pinned Chart.js " + VERSION + ": " + got);
            }
            s = new String(bytes, StandardCharsets.UTF_8).replaceAll("\\n//# sourceMappingURL=\\S+\\s*$", "\n");
            source = s;
        }
        return s;
    }

    static byte[] bytes() {
        try (InputStream in = ChartJs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource missing: " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Subresource-integrity form of a SHA-512 digest, as npm writes it. */
    static String integrity(byte[] bytes) {
        try {
            return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
