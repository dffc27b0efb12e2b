package io.anyscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anyscope.analytics.Render;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code anyscope extract DIR} in process: the same facts as a table, as CSV and as JSON lines. */
class ExtractCommandTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void tree() throws Exception {
        Files.createDirectories(dir.resolve("svc/__pycache__"));
        Files.writeString(dir.resolve("svc/app.py"), String.join("\n",
                "import asyncio as aio",
                "",
                "async def main():",
                "    t = aio.create_task(work(\"a, \\\"b\\\"\"))  # comma and quotes in the source line",
                "    await aio.sleep(1)",
                "") , StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("svc/plain.py"), "print('héllo')\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("svc/__pycache__/skipped.py"), "import trio\n");
        Files.writeString(dir.resolve("requirements.txt"), "anyio>=4\n");
    }

    @Test
    void tableCsvAndJsonLinesCarryTheSameFacts() throws Exception {
        CommandRun table = CommandRun.of("extract", dir.toString());
        assertThat(table.code()).as(table.err()).isEqualTo(Main.OK);
        assertThat(table.out()).containsPattern("\\| path +\\| line \\| col \\| kind +\\| context \\| symbol")
                .containsPattern("\\| [^|]*svc/app\\.py \\| +4 \\| +9 \\| call +\\| other +\\| asyncio\\.create_task +\\|")
                .contains("3 rows").doesNotContain("skipped.py");
        assertThat(table.err()).contains("3 files (2 parsed, 1 skipped by the prefilter), 3 usage facts, 0 problems");

        CommandRun csv = CommandRun.of("extract", "--format", "csv", dir.toString());
        assertThat(csv.code()).isEqualTo(Main.OK);
        List<CSVRecord> rows;
        try (CSVParser p = Render.CSV.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(csv.out()))) {
            assertThat(p.getHeaderNames()).containsExactly(ExtractCommand.USAGE_COLUMNS);
            rows = p.getRecords();
        }
        assertThat(rows).extracting(r -> r.get("symbol"))
                .containsExactly("asyncio", "asyncio.create_task", "asyncio.sleep");
        assertThat(rows.get(1).get("source_line")).isEqualTo("t = aio.create_task(work(\"a, \\\"b\\\"\"))  # comma and quotes in the source line");
        assertThat(rows.get(1).get("alias")).isEqualTo("aio");
        assertThat(rows.get(2).get("context")).isEqualTo("await");

        CommandRun jsonl = CommandRun.of("extract", "--format", "jsonl", dir.toString());
        assertThat(jsonl.code()).isEqualTo(Main.OK);
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> facts = jsonl.out().lines().map(l -> {
            try {
                return m.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertThat(facts).hasSize(3);
        JsonNode task = facts.get(1);
        assertThat(task.get("line").isInt()).isTrue();
        assertThat(task.get("line").asInt()).isEqualTo(4);
        assertThat(task.get("in_async").isBoolean()).isTrue();
        assertThat(task.get("in_async").asBoolean()).isTrue();
        assertThat(task.get("scope").asText()).isEqualTo("main");
        assertThat(task.get("source_line").asText()).isEqualTo(rows.get(1).get("source_line"));
        for (int i = 0; i < 3; i++) {
            assertThat(facts.get(i).get("symbol").asText()).isEqualTo(rows.get(i).get("symbol"));
            assertThat(facts.get(i).get("rule_id").asText()).isEqualTo(rows.get(i).get("rule_id"));
        }
    }

    @Test
    void configAndFileRowsAndAMissingPath() throws Exception {
        CommandRun config = CommandRun.of("extract", "--what", "config", "--format", "jsonl", dir.toString());
        assertThat(config.code()).isEqualTo(Main.OK);
        JsonNode dep = new ObjectMapper().readTree(config.out().lines().findFirst().orElseThrow());
        assertThat(dep.get("path").asText()).endsWith("requirements.txt");
        assertThat(dep.get("name").asText()).isEqualTo("anyio");
        assertThat(dep.get("value").asText()).isEqualTo(">=4");

        CommandRun files = CommandRun.of("extract", "--what", "files", "--format", "csv", dir.toString());
        List<CSVRecord> rows;
        try (CSVParser p = Render.CSV.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(files.out()))) {
            rows = p.getRecords();
        }
        assertThat(rows).extracting(r -> r.get("path").substring(dir.toString().length()))
                .containsExactly("/requirements.txt", "/svc/app.py", "/svc/plain.py");
        assertThat(rows.get(2).get("prefiltered")).isEqualTo("true");
        assertThat(rows.get(1).get("async_defs")).isEqualTo("1");

        CommandRun missing = CommandRun.of("extract", dir.resolve("nope.py").toString(), dir.resolve("svc/app.py").toString());
        assertThat(missing.code()).isEqualTo(Main.PARTIAL);
        assertThat(missing.err()).contains(dir.resolve("nope.py") + ": no such file or directory");
        assertThat(missing.out()).contains("asyncio.create_task");
    }
}
