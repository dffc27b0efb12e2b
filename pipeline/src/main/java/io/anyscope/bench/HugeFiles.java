package io.anyscope.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated pathological Python files for the extraction benchmark: many facts on one line, a minified one-line
 * module, and one huge multi-line module. Deterministic; written once under a directory and reused.
 */
public final class HugeFiles {
    /** One generated file: a name for the table, and its path. */
    public record Sample(String label, Path path) {
    }

    private HugeFiles() {
    }

    /** The samples, generated under {@code dir} when missing. */
    public static List<Sample> generate(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Sample> out = new ArrayList<>();
        out.add(write(dir, "one line, 25k facts", "oneline-25k.py", w -> oneLine(w, 25_000)));
        out.add(write(dir, "one line, 100k facts", "oneline-100k.py", w -> oneLine(w, 100_000)));
        out.add(write(dir, "minified one line, 2 MB", "minified-2mb.py", w -> minified(w, 2_000_000)));
        out.add(write(dir, "multi-line module, 24 MB", "module-24mb.py", w -> module(w, 24_000_000)));
        return out;
    }

    private interface Body {
        void write(Writer w) throws IOException;
    }

    private static Sample write(Path dir, String label, String name, Body body) throws IOException {
        Path p = dir.resolve(name);
        if (!Files.exists(p)) {
            Path tmp = dir.resolve(name + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                body.write(w);
            }
            Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return new Sample(label, p);
    }

    /** {@code import asyncio;asyncio.sleep(0);...}: {@code calls} call facts and one import on a single line. */
    public static void oneLine(Writer w, int calls) throws IOException {
        w.write("import asyncio");
        for (int i = 0; i < calls; i++) {
            w.write(";asyncio.sleep(0)");
        }
        w.write('\n');
    }

    /**
     * A minified module on one line: imports, variables holding event loops (followed by method facts), trio calls,
     * non-ASCII string literals (columns count code points) and plain code, about {@code bytes} bytes.
     */
    public static void minified(Writer w, int bytes) throws IOException {
        StringBuilder sb = new StringBuilder("import asyncio,trio;from anyio import sleep as zz");
        for (int i = 0; sb.length() < bytes; i++) {
            sb.append(";v").append(i).append("=asyncio.get_event_loop();v").append(i)
                    .append(".run_in_executor(None,f);t").append(i).append("=trio.sleep(").append(i % 7)
                    .append(");s").append(i).append("=\"café ").append(i).append("\";x").append(i)
                    .append("=[1,2,3];zz(0)");
        }
        w.write(sb.toString());
        w.write('\n');
    }

    /** A module of {@code bytes} bytes: many small async functions, each with a few facts and a followed variable. */
    static void module(Writer w, int bytes) throws IOException {
        long n = 0;
        String head = "import asyncio\nimport trio\n\n\nclass Service:\n    pass\n\n\n";
        w.write(head);
        n += head.length();
        for (int i = 0; n < bytes; i++) {
            String f = "async def handler_" + i + "(request):\n"
                    + "    loop = asyncio.get_event_loop()\n"
                    + "    fut = loop.run_in_executor(None, request.read)\n"
                    + "    await asyncio.sleep(0.1)\n"
                    + "    async with trio.open_nursery() as nursery:\n"
                    + "        nursery.start_soon(worker, " + i + ")\n"
                    + "    return await fut  # done: réponse " + i + "\n\n\n";
            w.write(f);
            n += f.getBytes(StandardCharsets.UTF_8).length;
        }
    }
}
