package io.anyscope.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Validates the catalog <em>data</em> (src/catalog): it loads, is internally consistent, covers every mapping the seed
 * write-ups name, and covers the reference API lists. Failures list every offending item at once.
 */
class CatalogDataTest {

    /** The test runs with the extractors module as working directory; the data lives at the repository top level. */
    private static final Path CATALOG_DIR = Path.of("..", "src", "catalog");
    private static final Path SEEDS_DIR = Path.of("..", "..", "shared", "seeds");

    private static final Catalog CATALOG = Catalog.loadDefault();

    // ------------------------------------------------------------------------------------------------ consistency

    @Test
    void defaultCatalogLoadsAndMatchesTheSourceDirectory() {
        assertThat(CATALOG.entries()).hasSizeGreaterThan(500);
        Catalog fromSource = Catalog.loadFrom(CATALOG_DIR);
        assertThat(fromSource.version()).isEqualTo(CATALOG.version());
        assertThat(fromSource.entries()).hasSameSizeAs(CATALOG.entries());
    }

    @Test
    void idsAndSymbolsAreUnique() {
        assertThat(duplicates(CATALOG.entries().stream().map(CatalogEntry::id).toList())).as("duplicate ids").isEmpty();
        assertThat(duplicates(CATALOG.entries().stream().map(CatalogEntry::symbol).toList())).as("duplicate symbols").isEmpty();
    }

    @Test
    void everyEntryExplainsItself() {
        List<String> bad = CATALOG.entries().stream()
                .filter(e -> e.note().isBlank() || e.anyio().isBlank())
                .map(CatalogEntry::id).toList();
        assertThat(bad).as("entries without note or anyio").isEmpty();
    }

    @Test
    void everyDeclaredCategoryIsUsedOrReserved() throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(CATALOG_DIR.resolve("catalog.yaml").toFile());
        Set<String> reserved = new HashSet<>();
        for (JsonNode c : root.path("categories")) {
            if (c.path("reserved").asBoolean(false)) {
                reserved.add(c.path("id").asText());
            }
        }
        Set<String> used = CATALOG.entries().stream().map(CatalogEntry::category).collect(Collectors.toSet());
        List<String> unused = CATALOG.categories().stream()
                .filter(c -> !used.contains(c) && !reserved.contains(c)).toList();
        assertThat(unused).as("categories neither used nor marked `reserved: true`").isEmpty();
    }

    @Test
    void everyReturnedTypeHasMethodEntries() {
        Set<String> types = CATALOG.entries().stream().map(CatalogEntry::returns)
                .filter(r -> r != null).collect(Collectors.toCollection(TreeSet::new));
        assertThat(types).contains("asyncio.AbstractEventLoop", "asyncio.Task", "asyncio.Future", "trio.Nursery",
                "anyio.abc.TaskGroup", "anyio.CancelScope");
        List<String> missing = types.stream()
                .filter(t -> CATALOG.entries().stream().noneMatch(e -> e.symbol().startsWith(t + ".")
                        && (e.kind().equals("method") || e.kind().equals("attribute"))))
                .toList();
        assertThat(missing).as("returns types without any <Type>.<method> entry").isEmpty();
    }

    @Test
    void effortsFollowTheLibraryRole() {
        List<String> anyioNotNone = CATALOG.entries().stream()
                .filter(e -> e.library().equals("anyio") && !(e.effort().equals("none") && e.risk().equals("none")))
                .map(CatalogEntry::id).toList();
        assertThat(anyioNotNone).as("anyio entries must be effort none / risk none").isEmpty();
        List<String> legacyNone = CATALOG.entries().stream()
                .filter(e -> "legacy".equals(CATALOG.libraries().get(e.library()).role()) && e.effort().equals("none"))
                .map(CatalogEntry::id).toList();
        assertThat(legacyNone).as("legacy-library entries with effort none").isEmpty();
    }

    @Test
    void trioIsTheOnlyBackendAndItRunsAnyio() {
        // a trio dependency declared beside anyio is AnyIO's backend, not a blocker (mart_dependency_blockers)
        Map<String, String> backends = new HashMap<>();
        CATALOG.libraries().values().stream().filter(l -> !l.backendOf().isEmpty())
                .forEach(l -> backends.put(l.name(), l.backendOf()));
        assertThat(backends).isEqualTo(Map.of("trio", "anyio"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            // backend_of; why it is refused
            "curio; a library that is not a target",
            "nosuch; no such library"})
    void backendOfMustNameATargetLibrary(String backendOf, String why, @TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("catalog.yaml"), HEADER.replace("  - {name: asyncio, role: legacy}\n",
                "  - {name: asyncio, role: legacy}\n  - {name: anyio, role: target}\n  - {name: curio, role: legacy}\n"
                        + "  - {name: trio, role: legacy, backend_of: " + backendOf + "}\n"));
        Files.createDirectories(dir.resolve("entries"));
        Files.writeString(dir.resolve("entries/broken.yaml"), "entries:\n" + GOOD);
        assertThatThrownBy(() -> Catalog.loadFrom(dir)).as(why)
                .isInstanceOf(CatalogException.class)
                .hasMessage("catalog.yaml library trio: backend_of '" + backendOf
                        + "' is not a library with role target");
        Files.writeString(dir.resolve("catalog.yaml"), HEADER.replace("  - {name: asyncio, role: legacy}\n",
                "  - {name: asyncio, role: legacy}\n  - {name: anyio, role: target}\n"
                        + "  - {name: trio, role: legacy, backend_of: anyio}\n"));
        assertThat(Catalog.loadFrom(dir).libraries().get("trio").backendOf()).isEqualTo("anyio");
    }

    @Test
    void knownMappingsHaveTheAgreedClassification() {
        assertClassified("asyncio.sleep", "mechanical", "low");
        assertClassified("asyncio.wait_for", "mechanical", "medium");
        assertClassified("asyncio.CancelledError", "mechanical", "medium");
        assertClassified("asyncio.gather", "structural", "medium");
        assertClassified("asyncio.create_task", "structural", "high");
        assertClassified("asyncio.Queue", "structural", "medium");
        assertClassified("asyncio.get_event_loop", "manual", "high");
        assertClassified("asyncio.AbstractEventLoop.run_in_executor", "mechanical", "medium");
        assertClassified("asyncio.Future", "manual", "high");
        assertClassified("asyncio.subprocess.PIPE", "mechanical", "low");
        assertClassified("asyncio.shield", "structural", "high");
        assertClassified("trio.lowlevel.ParkingLot", "blocker", "critical");
        assertClassified("nest_asyncio.apply", "blocker", "critical");
        // lookup order: exact lowlevel names beat the wildcard, subprocess attributes fall back to their module
        assertThat(CATALOG.lookup("trio.lowlevel.checkpoint")).get().extracting(CatalogEntry::anyio)
                .isEqualTo("anyio.lowlevel.checkpoint");
        assertThat(CATALOG.lookup("asyncio.get_event_loop")).get().extracting(CatalogEntry::returns)
                .isEqualTo("asyncio.AbstractEventLoop");
    }

    private static void assertClassified(String symbol, String effort, String risk) {
        CatalogEntry e = CATALOG.lookup(symbol).orElseThrow(() -> new AssertionError("no entry for " + symbol));
        assertThat(e.effort() + "/" + e.risk()).as(symbol).isEqualTo(effort + "/" + risk);
    }

    // ------------------------------------------------------------------------------------------------ seed coverage

    record SeedRow(String seed, String legacy, String anyio, String section) {
    }

    static List<SeedRow> seedRows() throws IOException {
        List<String> lines = Files.readAllLines(CATALOG_DIR.resolve("seed_mappings.csv"), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("seed,legacy,anyio,section");
        List<SeedRow> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = parseCsvLine(line);
            assertThat(f).as("CSV line: " + line).hasSize(4);
            rows.add(new SeedRow(f.get(0), f.get(1), f.get(2), f.get(3)));
        }
        return rows;
    }

    /** RFC 4180 style: commas inside double quotes, "" for a quote. */
    static List<String> parseCsvLine(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    @Test
    void everySeedMappingResolvesToAnEntryCitingThatSeed() throws IOException {
        List<SeedRow> rows = seedRows();
        assertThat(rows).hasSizeGreaterThan(50);
        assertThat(rows.stream().map(SeedRow::seed).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("000", "001", "002", "003", "004");
        List<String> problems = new ArrayList<>();
        for (SeedRow row : rows) {
            Optional<CatalogEntry> hit = CATALOG.lookup(row.legacy());
            if (hit.isEmpty()) {
                problems.add(row + ": no entry");
                continue;
            }
            CatalogEntry e = hit.get();
            if (!covers(e, row.legacy())) {
                problems.add(row + ": only a parent entry " + e.symbol() + " covers it");
            }
            if (!e.seeds().contains(row.seed())) {
                problems.add(row + ": entry " + e.id() + " does not cite seed " + row.seed() + " (seeds " + e.seeds() + ")");
            }
            if ((e.library().equals("asyncio") || e.library().equals("trio")) && e.effort().equals("none")) {
                problems.add(row + ": legacy entry " + e.id() + " has effort none");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void entriesCitingASeedAreBackedBySeedRows() throws IOException {
        Set<String> cited = new HashSet<>();
        for (SeedRow r : seedRows()) {
            CATALOG.lookup(r.legacy()).ifPresent(e -> cited.add(e.id() + "@" + r.seed()));
        }
        List<String> unbacked = new ArrayList<>();
        for (CatalogEntry e : CATALOG.entries()) {
            for (String s : e.seeds()) {
                if (!cited.contains(e.id() + "@" + s)) {
                    unbacked.add(e.id() + " cites seed " + s);
                }
            }
        }
        assertThat(unbacked).as("seed citations without a row in seed_mappings.csv").isEmpty();
    }

    /** `legacy` in backticks in a table row, before an arrow, or in "Replaced `legacy` with". */
    private static final Pattern TABLE_ROW = Pattern.compile("^\\s*\\|\\s*`([^`]+)`\\s*\\|");
    private static final Pattern ARROW = Pattern.compile("`([^`]+)`\\s*(?:→|â†’|->)");
    private static final Pattern REPLACED = Pattern.compile("Replaced `([^`]+)` with");
    private static final Pattern PATTERN_HEADING = Pattern.compile("^#+\\s*Pattern (\\d+)\\b");
    private static final Map<String, String> RECEIVER_ALIASES = Map.of(
            "nursery", "trio.Nursery",
            "loop", "asyncio.AbstractEventLoop");

    /** `await asyncio.wait_for(coro, timeout=X)` -> asyncio.wait_for; `nursery.start_soon(fn)` -> trio.Nursery.start_soon. */
    static String normalizeLegacy(String code) {
        String s = code.strip();
        if (s.startsWith("await ")) {
            s = s.substring(6).strip();
        }
        if (s.startsWith("import ")) {
            s = s.substring(7).strip();
        }
        int paren = s.indexOf('(');
        if (paren >= 0) {
            s = s.substring(0, paren);
        }
        int dot = s.indexOf('.');
        String head = dot < 0 ? s : s.substring(0, dot);
        String alias = RECEIVER_ALIASES.get(head);
        if (alias != null) {
            s = alias + (dot < 0 ? "" : s.substring(dot));
        }
        return s.strip();
    }

    @Test
    void seedMappingsCsvMissesNoSeedRow() throws IOException {
        assumeTrue(Files.isDirectory(SEEDS_DIR), "seed write-ups not present at " + SEEDS_DIR.toAbsolutePath());
        Set<String> legacyRoots = new HashSet<>();
        CATALOG.libraries().forEach((name, lib) -> {
            if (lib.role().equals("legacy")) {
                legacyRoots.add(name);
            }
        });
        Set<String> csvPairs = new HashSet<>();
        Set<String> csvSections = new HashSet<>();
        for (SeedRow r : seedRows()) {
            csvPairs.add(r.seed() + " " + r.legacy());
            csvSections.add(r.seed() + " " + r.section());
        }
        List<String> missing = new ArrayList<>();
        int found = 0;
        List<Path> files;
        try (Stream<Path> s = Files.list(SEEDS_DIR)) {
            files = s.filter(p -> p.getFileName().toString().matches("\\d{3}_.*\\.txt")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            String seed = file.getFileName().toString().substring(0, 3);
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Set<String> codes = new LinkedHashSet<>();
                for (Pattern p : List.of(TABLE_ROW, ARROW, REPLACED)) {
                    Matcher m = p.matcher(line);
                    while (m.find()) {
                        codes.add(m.group(1));
                    }
                }
                for (String code : codes) {
                    String legacy = normalizeLegacy(code);
                    String root = legacy.split("\\.", 2)[0];
                    if (!legacyRoots.contains(root)) {
                        continue;
                    }
                    found++;
                    if (!csvPairs.contains(seed + " " + legacy)) {
                        missing.add(file.getFileName() + ": " + legacy + "  (from: " + line.strip() + ")");
                    }
                }
                Matcher h = PATTERN_HEADING.matcher(line);
                if (h.find()) {
                    found++;
                    if (!csvSections.contains(seed + " Pattern " + h.group(1))) {
                        missing.add(file.getFileName() + ": no CSV row with section 'Pattern " + h.group(1) + "'");
                    }
                }
            }
        }
        assertThat(found).as("mapping rows recognised in the seeds").isGreaterThan(40);
        assertThat(missing).as("seed rows missing from seed_mappings.csv").isEmpty();
    }

    @Test
    void normalizesSeedCode() {
        assertThat(normalizeLegacy("trio.open_nursery()")).isEqualTo("trio.open_nursery");
        assertThat(normalizeLegacy("nursery.start_soon(fn)")).isEqualTo("trio.Nursery.start_soon");
        assertThat(normalizeLegacy("loop.run_in_executor()")).isEqualTo("asyncio.AbstractEventLoop.run_in_executor");
        assertThat(normalizeLegacy("await asyncio.wait_for(coro, timeout=X)")).isEqualTo("asyncio.wait_for");
        assertThat(normalizeLegacy("import asyncio")).isEqualTo("asyncio");
        assertThat(normalizeLegacy("asyncio.subprocess.PIPE")).isEqualTo("asyncio.subprocess.PIPE");
        assertThat(parseCsvLine("000,trio.run,\"anyio.run(fn, backend=\"\"trio\"\")\",Usage"))
                .containsExactly("000", "trio.run", "anyio.run(fn, backend=\"trio\")", "Usage");
    }

    // ------------------------------------------------------------------------------------------------ API coverage

    @ParameterizedTest
    @CsvSource({"asyncio_all.txt, asyncio, 120", "trio_public.txt, trio, 150", "anyio_public.txt, anyio, 150"})
    void everyReferenceNameHasItsOwnEntry(String file, String library, int atLeast) throws IOException {
        List<String> names = Files.readAllLines(CATALOG_DIR.resolve("reference").resolve(file), StandardCharsets.UTF_8)
                .stream().map(String::strip).filter(s -> !s.isEmpty() && !s.startsWith("#"))
                .map(s -> s.equals(library) || s.startsWith(library + ".") ? s : library + "." + s)
                .toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(atLeast);
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            Optional<CatalogEntry> e = CATALOG.lookup(name);
            if (e.isEmpty()) {
                problems.add(name + ": uncatalogued");
            } else if (!covers(e.get(), name)) {
                problems.add(name + ": only parent fallback " + e.get().symbol());
            }
        }
        assertThat(problems).isEmpty();
    }

    /** The entry is the symbol itself or a wildcard whose stem is the symbol or one of its ancestors. */
    private static boolean covers(CatalogEntry e, String symbol) {
        if (!e.isWildcard()) {
            return e.symbol().equals(symbol);
        }
        return symbol.equals(e.stem()) || symbol.startsWith(e.stem() + ".");
    }

    private static List<String> duplicates(List<String> values) {
        Map<String, Integer> counts = new HashMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts.entrySet().stream().filter(x -> x.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
    }

    // ------------------------------------------------------------------------------------------------ broken data

    private static final String HEADER = """
            version: "test"
            efforts: [none, mechanical, structural, manual, blocker]
            risks: [none, low, medium, high, critical]
            categories:
              - {id: sleep, label: "Sleep"}
            libraries:
              - {name: asyncio, role: legacy}
            files:
              - entries/broken.yaml
            """;

    private static final String GOOD = """
              - id: asyncio.sleep
                symbol: asyncio.sleep
                category: sleep
                anyio: anyio.sleep
                effort: mechanical
                risk: low
            """;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            // case; the offending entry's id; what the message must mention
            "duplicate id; asyncio.sleep; duplicate id",
            "unknown effort; asyncio.run; unknown effort 'trivial'",
            "missing field; asyncio.gather; missing 'anyio'"})
    void brokenCatalogFailsNamingFileAndEntry(String kase, String id, String expected, @TempDir Path dir) throws IOException {
        String bad = switch (kase) {
            case "duplicate id" -> GOOD.replace("symbol: asyncio.sleep", "symbol: asyncio.sleep2");
            case "unknown effort" -> GOOD.replace("asyncio.sleep", "asyncio.run").replace("mechanical", "trivial");
            case "missing field" -> GOOD.replace("asyncio.sleep", "asyncio.gather").replace("    anyio: anyio.sleep\n", "");
            default -> throw new IllegalArgumentException(kase);
        };
        Files.writeString(dir.resolve("catalog.yaml"), HEADER);
        Files.createDirectories(dir.resolve("entries"));
        Files.writeString(dir.resolve("entries/broken.yaml"), "entries:\n" + GOOD + bad);

        assertThatThrownBy(() -> Catalog.loadFrom(dir))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("entries/broken.yaml")
                .hasMessageContaining(id)
                .hasMessageContaining(expected);
    }

    @Test
    void brokenFixtureIsValidWithoutTheBadEntry(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("catalog.yaml"), HEADER);
        Files.createDirectories(dir.resolve("entries"));
        Files.writeString(dir.resolve("entries/broken.yaml"), "entries:\n" + GOOD);
        assertThat(Catalog.loadFrom(dir).lookup("asyncio.sleep")).isPresent();
    }
}
