package io.anyscope.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * anyscope's version, as the build wrote it into {@code io/anyscope/build.properties}: the one source for
 * {@code --version}, the runs table, and check's results and baselines.
 */
public final class Version {
    private Version() {
    }

    /** The build's version; {@code dev} when the resource is absent (classes run outside the build). */
    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream("/io/anyscope/build.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
