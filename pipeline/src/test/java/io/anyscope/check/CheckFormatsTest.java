package io.anyscope.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.anyscope.cli.CommandRun;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Each output format of {@code check} on one change with a finding of every kind. */
class CheckFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PYPROJECT = "[project]\nname = \"svc\"\ndependencies = [\"anyio>=4\"]\n";
    @TempDir
    static Path tmp;
    static CheckRepo repo;

    @BeforeAll
    static void change() throws Exception {
        repo = CheckRepo.withBase(tmp.resolve("r"), "2026-03-02T10:00:00Z", Map.of(
                "payments/worker.py", "import asyncio\n\n\nasync def run():\n    await asyncio.sleep(1)\n",
                "payments/api,v2.py", "import asyncio\n",
                "pyproject.toml", PYPROJECT));
        repo.write("payments/worker.py", "import asyncio\n\n\nasync def run():\n    await asyncio.sleep(1)\n"
                + "    asyncio.create_task(run())\n    loop = asyncio.get_event_loop()  # anyscope: ignore[asyncio.get_event_loop]\n");
        repo.write("payments/api,v2.py", "import anyio\n\n\nasync def f():\n    with anyio.TimeoutError:\n        pass\n");
        repo.write("pyproject.toml", PYPROJECT.replace("\"anyio>=4\"", "\"anyio>=4\", \"trio-asyncio\""));
    }

    @AfterAll
    static void close() {
        repo.close();
    }

    static CommandRun check(String format, String... more) {
        List<String> args = new ArrayList<>(List.of("--base", "main", "--format", format));
        args.addAll(List.of(more));
        return repo.check(args.toArray(String[]::new));
    }

    @Test
    void textGroupsByFileWithTheAnyioEquivalentAndTier() {
        CommandRun r = check("text");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out())
                .contains("anyscope check: working tree against main (")
                .contains("\npayments/worker.py\n  payments/worker.py:6 asyncio.create_task → TaskGroup.start_soon() "
                        + "inside `async with anyio.create_task_group()`")
                .contains("(structural)  [new legacy, fails]")
                .contains("payments/worker.py:7 `anyscope: ignore[asyncio.get_event_loop]` has no reason")
                .contains("payments/api,v2.py:5 anyio.TimeoutError does not exist in anyio's public API")
                .contains("pyproject.toml:3 dependency on trio-asyncio (blocker library trio_asyncio)")
                .contains("removed legacy sites (progress):\n  payments/api,v2.py:1 asyncio removed")
                .contains("summary: 2 new legacy, 1 new broken, 1 new blocker dependencies")
                .contains("result: FAIL: 3 findings under --fail-on new-legacy,new-broken");
    }

    @Test
    void jsonIsOneObjectWithCountsAndFindings() throws Exception {
        JsonNode j = JSON.readTree(check("json").out());
        assertThat(j.get("mode").asText()).isEqualTo("base");
        assertThat(j.get("failing").asInt()).isEqualTo(3);
        assertThat(j.get("counts").get("new-legacy").asInt()).isEqualTo(2);
        assertThat(j.get("counts").get("new-dependency").asInt()).isEqualTo(1);
        assertThat(j.get("counts").get("suppressed").asInt()).isZero();
        assertThat(j.get("catalog").asText()).matches("\\d{4}\\.\\d+\\.\\d+");
    }

    @Test
    void theResultsAndTheBaselineNameTheVersionThatScanAndVersionName() throws Exception {
        // One version source: what `anyscope --version` prints (and the runs table records), not "dev".
        String version = CommandRun.of("--version").out().lines().findFirst().orElseThrow().substring("anyscope ".length());
        assertThat(version).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(JSON.readTree(check("json").out()).get("anyscope").asText()).isEqualTo(version);
        assertThat(JSON.readTree(check("sarif").out()).at("/runs/0/tool/driver/version").asText()).isEqualTo(version);
        Path baseline = tmp.resolve("baseline.tsv");
        CommandRun write = repo.check("--write-baseline", baseline.toString());
        assertThat(write.code()).as(write.out() + write.err()).isZero();
        assertThat(java.nio.file.Files.readAllLines(baseline).get(0))
                .startsWith("# anyscope check baseline (anyscope " + version + ", catalog ");
    }

    @Test
    void sarifValidatesAgainstTheSarif210SchemaWithRulesFromTheCatalog() throws Exception {
        CommandRun r = check("sarif");
        assertThat(r.code()).isEqualTo(1);
        JsonNode sarif = JSON.readTree(r.out());
        JsonSchema schema;
        try (InputStream in = CheckFormatsTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        Set<ValidationMessage> errors = schema.validate(sarif);
        assertThat(errors).isEmpty();
        // the validator does find errors: a result without a message is refused
        JsonNode broken = sarif.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.at("/runs/0/results/0")).remove("message");
        assertThat(schema.validate(broken)).isNotEmpty();

        JsonNode run = sarif.at("/runs/0");
        JsonNode rule = null;
        for (JsonNode x : run.at("/tool/driver/rules")) {
            if (x.get("id").asText().equals("asyncio.create_task")) {
                rule = x;
            }
        }
        assertThat(rule).isNotNull();
        assertThat(rule.at("/help/text").asText()).startsWith("AnyIO equivalent: TaskGroup.start_soon()")
                .endsWith("(effort: structural)");
        assertThat(rule.at("/defaultConfiguration/level").asText()).isEqualTo("error");
        JsonNode result = null;
        for (JsonNode x : run.get("results")) {
            if (x.get("ruleId").asText().equals("asyncio.create_task")) {
                result = x;
            }
        }
        assertThat(result.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
                .isEqualTo("payments/worker.py");
        assertThat(result.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(6);
        assertThat(result.at("/locations/0/physicalLocation/region/startColumn").asInt()).isEqualTo(5);
        String fingerprint = result.at("/partialFingerprints/anyscopeSiteIdentity~1v1").asText();
        assertThat(fingerprint).hasSize(32);
        assertThat(run.at("/tool/driver/rules").findValuesAsText("id")).contains("anyscope/broken",
                "anyscope/dependency/trio-asyncio", "anyscope/suppression-without-reason");
    }

    @Test
    void sarifFingerprintsFollowTheSiteIdentityNotItsLine(@TempDir Path dir) throws Exception {
        String base = "import asyncio\n";
        try (CheckRepo r = CheckRepo.withBase(dir.resolve("r"), "2026-03-02T10:00:00Z", Map.of("a.py", base))) {
            r.write("a.py", base + "asyncio.create_task(x())\n");
            String first = fingerprint(r.check("--base", "main", "--format", "sarif"));
            r.write("a.py", base + "\n\n# moved down\n" + "asyncio.create_task(x())\n");
            assertThat(fingerprint(r.check("--base", "main", "--format", "sarif"))).isEqualTo(first);
            r.write("a.py", base + "asyncio.create_task(y())\n");
            assertThat(fingerprint(r.check("--base", "main", "--format", "sarif"))).isNotEqualTo(first);
        }
    }

    private static String fingerprint(CommandRun r) throws Exception {
        return JSON.readTree(r.out()).at("/runs/0/results/0/partialFingerprints/anyscopeSiteIdentity~1v1").asText();
    }

    @Test
    void githubAnnotationsEscapeTheirProperties() {
        CommandRun r = check("github");
        assertThat(r.code()).isEqualTo(1);
        List<String> lines = r.out().lines().toList();
        assertThat(lines).contains("::error file=payments/worker.py,line=6,col=5,title=anyscope new legacy%3A "
                + "asyncio.create_task::asyncio.create_task → TaskGroup.start_soon() inside `async with "
                + "anyio.create_task_group()`; the task must be owned by a caller's task group (structural)");
        assertThat(lines).anyMatch(l -> l.startsWith("::error file=payments/api%2Cv2.py,line=5,col="))
                .anyMatch(l -> l.startsWith("::warning file=pyproject.toml,line=3,col=1,title=anyscope new blocker "
                        + "dependency%3A trio-asyncio::"))
                .anyMatch(l -> l.startsWith("::notice file=payments/api%2Cv2.py,line=1,"));
        assertThat(lines.get(lines.size() - 1)).startsWith("summary: 2 new legacy");
        assertThat(CheckFormat.escapeData("50% done\r\nnext")).isEqualTo("50%25 done%0D%0Anext");
        assertThat(CheckFormat.escapeProperty("a:b,c%")).isEqualTo("a%3Ab%2Cc%25");
    }

    @Test
    void junitXmlHasAFailedTestCasePerFileWithFailingFindings() throws Exception {
        CommandRun r = check("junit");
        assertThat(r.code()).isEqualTo(1);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(r.out())));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        NodeList cases = doc.getElementsByTagName("testcase");
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getElementsByTagName("failure").getLength() > 0) {
                failed.add(c.getAttribute("name"));
            }
        }
        assertThat(failed).containsExactlyInAnyOrder("payments/worker.py", "payments/api,v2.py");
        assertThat(suite.getAttribute("tests")).isEqualTo(Integer.toString(cases.getLength()));
    }
}
