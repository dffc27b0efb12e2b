package io.anyscope.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A deterministic synthetic Python corpus shaped like real code, for benchmarks: most files are ordinary code
 * (classes, functions, literals, docstrings, comments), about one in five uses asyncio, trio or anyio, a few have
 * syntax errors and a few carry non-ASCII text. Sizes follow a skewed distribution around {@code meanBytes}.
 */
public final class Corpus {
    private static final String[] WORDS = {"user", "order", "item", "cache", "client", "session", "payload", "record",
        "account", "stream", "buffer", "config", "report", "metric", "event", "batch", "worker", "job", "node",
        "store", "index", "token", "request", "response", "handler", "queue", "result", "value", "entry", "model"};
    private static final String[] NON_ASCII = {"café", "naïve", "日本語のテキスト", "Grüße", "😀 ok", "Ωmega", "𝒳 math"};

    private Corpus() {
    }

    /** Generates {@code files} files under {@code dir} (kept if already there with the same count). */
    public static List<Path> generate(Path dir, int files, int meanBytes, double asyncShare, long seed)
            throws IOException {
        Path marker = dir.resolve(".corpus-" + files + "-" + meanBytes + "-" + asyncShare + "-" + seed);
        if (Files.exists(marker)) {
            return list(dir);
        }
        Files.createDirectories(dir);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < files; i++) {
            double u = rnd.nextDouble();
            // Skewed sizes: many small files, a long tail of big ones (mean about meanBytes).
            int target = (int) Math.max(300, Math.min(meanBytes * 8.0, -Math.log(1 - u) * meanBytes));
            boolean async = rnd.nextDouble() < asyncShare;
            boolean broken = rnd.nextDouble() < 0.02;
            boolean unicode = rnd.nextDouble() < 0.05;
            String text = file(rnd, target, async, broken, unicode);
            Path p = dir.resolve("pkg" + (i % 97)).resolve("mod_" + i + ".py");
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
        }
        Files.writeString(marker, "");
        return list(dir);
    }

    public static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return new ArrayList<>(s.filter(p -> p.toString().endsWith(".py")).sorted().toList());
        }
    }

    static String file(SplittableRandom rnd, int target, boolean async, boolean broken, boolean unicode) {
        return file(rnd, target, async ? RANDOM_FLAVOUR : NO_ASYNC, broken, unicode);
    }

    /** No async library. */
    public static final int NO_ASYNC = -1;
    /** One of asyncio, trio, anyio drawn from {@code rnd}. */
    public static final int RANDOM_FLAVOUR = -2;
    public static final int ASYNCIO = 0;
    public static final int TRIO = 1;
    public static final int ANYIO = 2;

    /**
     * One file of about {@code target} bytes using the given async library ({@link #ASYNCIO}, {@link #TRIO},
     * {@link #ANYIO}), none ({@link #NO_ASYNC}) or a random one ({@link #RANDOM_FLAVOUR}); draws from {@code rnd} in
     * the same order whatever the choice.
     */
    public static String file(SplittableRandom rnd, int target, int library, boolean broken, boolean unicode) {
        StringBuilder sb = new StringBuilder(target + 2048);
        sb.append("\"\"\"Module ").append(w(rnd)).append(" utilities.\"\"\"\n");
        sb.append("from __future__ import annotations\n\nimport os\nimport json\nimport logging\n");
        sb.append("from dataclasses import dataclass, field\nfrom typing import Any, Optional\n");
        int drawn = rnd.nextInt(3);
        int flavour = library == RANDOM_FLAVOUR ? drawn : library;
        boolean async = flavour >= 0;
        if (async) {
            sb.append(switch (flavour) {
                case 0 -> "import asyncio\n";
                case 1 -> "import trio\n";
                default -> "import anyio\nfrom anyio import create_task_group\n";
            });
        }
        sb.append("\nlog = logging.getLogger(__name__)\n\n");
        int block = 0;
        while (sb.length() < target) {
            int kind = rnd.nextInt(async ? 7 : 5);
            String a = w(rnd);
            String b = w(rnd);
            switch (kind) {
                case 0 -> sb.append("\n\n@dataclass\nclass ").append(cap(a)).append(cap(b)).append(":\n")
                        .append("    \"\"\"A ").append(a).append(" holding ").append(b).append(" data.\"\"\"\n\n")
                        .append("    ").append(a).append("_id: int\n")
                        .append("    name: str = \"\"\n")
                        .append("    tags: list[str] = field(default_factory=list)\n\n")
                        .append("    def to_dict(self) -> dict[str, Any]:\n")
                        .append("        return {\"id\": self.").append(a).append("_id, \"name\": self.name, ")
                        .append("\"tags\": list(self.tags)}\n");
                case 1 -> sb.append("\n\ndef load_").append(a).append("(path: str, *, strict: bool = True) -> ")
                        .append("Optional[dict]:\n")
                        .append("    # Read the ").append(b).append(" file and validate it.\n")
                        .append("    if not os.path.exists(path):\n")
                        .append("        log.warning(\"missing %s\", path)\n        return None\n")
                        .append("    with open(path, encoding=\"utf-8\") as fh:\n")
                        .append("        data = json.load(fh)\n")
                        .append("    for key in (\"").append(a).append("\", \"").append(b).append("\"):\n")
                        .append("        if strict and key not in data:\n")
                        .append("            raise KeyError(f\"{key} missing in {path!r}\")\n")
                        .append("    return {k: v for k, v in data.items() if v is not None}\n");
                case 2 -> sb.append("\n\n").append(a.toUpperCase(java.util.Locale.ROOT)).append("_DEFAULTS = {\n")
                        .append("    \"retries\": ").append(rnd.nextInt(10)).append(",\n")
                        .append("    \"timeout\": ").append(rnd.nextInt(100)).append(".5,\n")
                        .append("    \"names\": [\"").append(a).append("\", \"").append(b).append("\", \"")
                        .append(w(rnd)).append("\"],\n")
                        .append("    \"enabled\": ").append(rnd.nextBoolean() ? "True" : "False").append(",\n}\n");
                case 3 -> sb.append("\n\nclass ").append(cap(a)).append("Service:\n")
                        .append("    def __init__(self, client, limit: int = 10) -> None:\n")
                        .append("        self.client = client\n        self.limit = limit\n")
                        .append("        self._seen: set[int] = set()\n\n")
                        .append("    def process(self, items):\n")
                        .append("        total = 0\n")
                        .append("        for i, item in enumerate(items):\n")
                        .append("            if i >= self.limit:\n                break\n")
                        .append("            try:\n                total += int(item.get(\"").append(b)
                        .append("\", 0))\n")
                        .append("            except (TypeError, ValueError) as exc:\n")
                        .append("                log.debug(\"skip %r: %s\", item, exc)\n")
                        .append("        return total\n");
                case 4 -> sb.append("\n\ndef ").append(a).append("_").append(b).append("(values):\n")
                        .append("    result = []\n    for v in sorted(values, key=lambda x: (x is None, x)):\n")
                        .append("        if v is None:\n            continue\n")
                        .append("        result.append(v * 2 if isinstance(v, int) else str(v).strip())\n")
                        .append("    return result\n");
                default -> sb.append(asyncBlock(rnd, flavour, a, b, block++));
            }
            if (unicode && rnd.nextInt(4) == 0) {
                sb.append("\nLABEL_").append(block).append(" = \"").append(NON_ASCII[rnd.nextInt(NON_ASCII.length)])
                        .append("\"  # ").append(NON_ASCII[rnd.nextInt(NON_ASCII.length)]).append('\n');
            }
        }
        if (broken) {
            int at = sb.indexOf("\n\ndef ", sb.length() / 2);
            if (at > 0) {
                sb.insert(at + 2, "def broken(:\n    return (\n");
            }
        }
        return sb.toString();
    }

    private static String asyncBlock(SplittableRandom rnd, int flavour, String a, String b, int n) {
        StringBuilder sb = new StringBuilder();
        switch (flavour) {
            case 0 -> sb.append("\n\nasync def fetch_").append(a).append(n).append("(client, ids):\n")
                    .append("    loop = asyncio.get_event_loop()\n")
                    .append("    tasks = [asyncio.create_task(client.get(i)) for i in ids]\n")
                    .append("    try:\n        results = await asyncio.wait_for(asyncio.gather(*tasks), timeout=5)\n")
                    .append("    except asyncio.TimeoutError:\n        results = []\n")
                    .append("    await loop.run_in_executor(None, print, len(results))\n")
                    .append("    await asyncio.sleep(0.1)\n    return results\n");
            case 1 -> sb.append("\n\nasync def pump_").append(a).append(n).append("(source):\n")
                    .append("    send, recv = trio.open_memory_channel(100)\n")
                    .append("    async with trio.open_nursery() as nursery:\n")
                    .append("        nursery.start_soon(source.run, send)\n")
                    .append("        with trio.move_on_after(3):\n")
                    .append("            async for item in recv:\n                await trio.sleep(0)\n");
            default -> sb.append("\n\nasync def run_").append(a).append(n).append("(jobs):\n")
                    .append("    lock = anyio.Lock()\n")
                    .append("    async with create_task_group() as tg:\n")
                    .append("        for job in jobs:\n            tg.start_soon(job.run, lock)\n")
                    .append("    with anyio.fail_after(10):\n        await anyio.sleep(0)\n")
                    .append("    return await anyio.to_thread.run_sync(len, jobs)\n");
        }
        return sb.toString();
    }

    private static String w(SplittableRandom rnd) {
        return WORDS[rnd.nextInt(WORDS.length)];
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
