package io.anyscope.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The committed state of a DATA directory: its current link and every file of the current generation, by digest. */
final class FaultFiles {
    private FaultFiles() {
    }

    static Map<String, String> digests(Path data) throws Exception {
        Map<String, String> out = new TreeMap<>();
        Path cur = data.resolve("current");
        out.put("current ->", Files.readSymbolicLink(cur).toString());
        Path real = cur.toRealPath();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> s = Files.walk(real)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                out.put(real.relativize(p).toString(), HexFormat.of().formatHex(md.digest(read(p))));
            }
        }
        return out;
    }

    private static byte[] read(Path p) throws IOException {
        return Files.readAllBytes(p);
    }
}
