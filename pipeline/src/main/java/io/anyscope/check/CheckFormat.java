package io.anyscope.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The output formats of {@code check}: each writes one {@link CheckResult} judged by the {@code --fail-on} classes. */
public enum CheckFormat {
    /** For people: grouped by file, with the AnyIO equivalent and tier. */
    text {
        @Override
        public void write(CheckResult r, Set<FailOn> failOn, PrintWriter out) {
            out.println("anyscope check: " + r.checked() + " against " + r.reference() + ": " + r.filesChanged()
                    + (r.mode().equals("base") ? " files changed, " : " files, ") + r.filesParsed() + " parsed");
            Map<String, List<Finding>> byFile = r.shown(failOn).stream()
                    .filter(f -> f.kind() != Finding.Kind.REMOVED_LEGACY)
                    .collect(Collectors.groupingBy(f -> f.site().path(), LinkedHashMap::new, Collectors.toList()));
            byFile.forEach((path, fs) -> {
                out.println();
                out.println(path);
                for (Finding f : fs) {
                    out.println("  " + location(f) + " " + f.message() + "  [" + f.kind().label
                            + (f.fails(failOn) ? ", fails" : "") + "]");
                }
            });
            List<Finding> removed = r.findings().stream().filter(f -> f.kind() == Finding.Kind.REMOVED_LEGACY).toList();
            if (!removed.isEmpty()) {
                out.println();
                out.println("removed legacy sites (progress):");
                removed.forEach(f -> out.println("  " + location(f) + " " + f.message()));
            }
            if (!r.suppressed().isEmpty()) {
                out.println();
                out.println("suppressed (" + r.suppressed().size() + "):");
                r.suppressed().forEach(s -> out.println("  " + s.path() + ":" + s.line() + " " + s.displaySymbol()));
            }
            for (String n : r.notes()) {
                out.println("note: " + n);
            }
            out.println();
            out.println(summary(r));
            List<Finding> failing = r.failing(failOn);
            out.println(failing.isEmpty() ? "result: pass (nothing to fail on under --fail-on " + ids(failOn) + ")"
                    : "result: FAIL: " + failing.size() + " finding" + (failing.size() == 1 ? "" : "s")
                            + " under --fail-on " + ids(failOn));
        }
    },
    /** For scripts: everything, as one JSON object. */
    json {
        @Override
        public void write(CheckResult r, Set<FailOn> failOn, PrintWriter out) {
            ObjectNode root = MAPPER.createObjectNode();
            root.put("anyscope", r.anyscopeVersion());
            root.put("catalog", r.catalogVersion());
            root.put("mode", r.mode());
            root.put("checked", r.checked());
            root.put("reference", r.reference());
            root.put("files_changed", r.filesChanged());
            root.put("files_parsed", r.filesParsed());
            root.put("sites", r.sites());
            ArrayNode fo = root.putArray("fail_on");
            failOn.forEach(f -> fo.add(f.id()));
            root.put("failing", r.failing(failOn).size());
            ObjectNode counts = root.putObject("counts");
            for (Finding.Kind k : Finding.Kind.values()) {
                counts.put(k.id, r.count(k));
            }
            counts.put("suppressed", r.suppressed().size());
            ArrayNode fs = root.putArray("findings");
            for (Finding f : r.shown(failOn)) {
                ObjectNode n = site(fs.addObject(), f.site());
                n.put("kind", f.kind().id);
                n.put("fails", f.fails(failOn));
                n.put("message", f.message());
                n.put("count", f.count());
            }
            ArrayNode sup = root.putArray("suppressed");
            r.suppressed().forEach(s -> site(sup.addObject(), s));
            ArrayNode notes = root.putArray("notes");
            r.notes().forEach(notes::add);
            out.println(toJson(root));
        }
    },
    /** SARIF 2.1.0 for code-scanning viewers: rules from the catalog, fingerprints from the site identity. */
    sarif {
        @Override
        public void write(CheckResult r, Set<FailOn> failOn, PrintWriter out) {
            ObjectNode root = MAPPER.createObjectNode();
            root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            root.put("version", "2.1.0");
            ObjectNode run = root.putArray("runs").addObject();
            ObjectNode driver = run.putObject("tool").putObject("driver");
            driver.put("name", "anyscope");
            driver.put("version", r.anyscopeVersion());
            driver.put("semanticVersion", r.anyscopeVersion().matches("\\d+\\.\\d+\\.\\d+.*") ? r.anyscopeVersion()
                    : "0.0.0");
            ArrayNode rules = driver.putArray("rules");
            Map<String, Integer> ruleIndex = new LinkedHashMap<>();
            ArrayNode results = run.putArray("results");
            for (Finding f : r.shown(failOn)) {
                if (f.kind() == Finding.Kind.REMOVED_LEGACY) {
                    continue;
                }
                String id = ruleId(f);
                Integer idx = ruleIndex.get(id);
                if (idx == null) {
                    idx = ruleIndex.size();
                    ruleIndex.put(id, idx);
                    rule(rules.addObject(), id, f);
                }
                ObjectNode res = results.addObject();
                res.put("ruleId", id);
                res.put("ruleIndex", idx);
                res.put("level", level(f));
                res.putObject("message").put("text", f.kind().label + ": " + f.message());
                ObjectNode loc = res.putArray("locations").addObject().putObject("physicalLocation");
                loc.putObject("artifactLocation").put("uri", f.site().path());
                if (f.site().line() > 0) {
                    ObjectNode region = loc.putObject("region");
                    region.put("startLine", f.site().line());
                    region.put("startColumn", Math.max(1, f.site().column()));
                }
                res.putObject("partialFingerprints").put("anyscopeSiteIdentity/v1", f.site().fingerprint());
                ObjectNode props = res.putObject("properties");
                props.put("kind", f.kind().id);
                props.put("fails", f.fails(failOn));
                if (f.site().tier() != null) {
                    props.put("tier", f.site().tier());
                }
            }
            ObjectNode props = run.putObject("properties");
            props.put("reference", r.reference());
            props.put("checked", r.checked());
            props.put("catalog", r.catalogVersion());
            props.put("suppressed", r.suppressed().size());
            props.put("removedLegacy", r.count(Finding.Kind.REMOVED_LEGACY));
            out.println(toJson(root));
        }
    },
    /** GitHub Actions workflow commands: one annotation per finding. */
    github {
        @Override
        public void write(CheckResult r, Set<FailOn> failOn, PrintWriter out) {
            for (Finding f : r.shown(failOn)) {
                String cmd = f.fails(failOn) ? "error" : f.kind() == Finding.Kind.REMOVED_LEGACY ? "notice" : "warning";
                StringBuilder b = new StringBuilder("::").append(cmd).append(" file=")
                        .append(escapeProperty(f.site().path()));
                if (f.site().line() > 0) {
                    b.append(",line=").append(f.site().line()).append(",col=").append(Math.max(1, f.site().column()));
                }
                b.append(",title=").append(escapeProperty("anyscope " + f.kind().label + ": "
                        + f.site().displaySymbol()));
                b.append("::").append(escapeData(f.message()));
                out.println(b);
            }
            out.println(summary(r));
        }
    },
    /** JUnit XML for CI systems that show test reports: a test case per file with findings, failing ones failed. */
    junit {
        @Override
        public void write(CheckResult r, Set<FailOn> failOn, PrintWriter out) {
            try {
                Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
                Element suites = doc.createElement("testsuites");
                doc.appendChild(suites);
                Element suite = doc.createElement("testsuite");
                suites.appendChild(suite);
                suite.setAttribute("name", "anyscope check");
                Map<String, List<Finding>> byFile = r.shown(failOn).stream().collect(
                        Collectors.groupingBy(f -> f.site().path(), LinkedHashMap::new, Collectors.toList()));
                int tests = 1;
                int failures = 0;
                Element overall = doc.createElement("testcase");
                overall.setAttribute("classname", "anyscope.check");
                overall.setAttribute("name", "anyscope check against " + r.reference());
                Element overallOut = doc.createElement("system-out");
                overallOut.setTextContent(summary(r));
                overall.appendChild(overallOut);
                suite.appendChild(overall);
                for (Map.Entry<String, List<Finding>> e : byFile.entrySet()) {
                    tests++;
                    Element tc = doc.createElement("testcase");
                    tc.setAttribute("classname", "anyscope.check");
                    tc.setAttribute("name", e.getKey());
                    tc.setAttribute("file", e.getKey());
                    List<Finding> fail = e.getValue().stream().filter(f -> f.fails(failOn)).toList();
                    if (!fail.isEmpty()) {
                        failures++;
                        Element fe = doc.createElement("failure");
                        fe.setAttribute("message", fail.size() + " finding" + (fail.size() == 1 ? "" : "s")
                                + " under --fail-on " + ids(failOn));
                        fe.setAttribute("type", fail.get(0).kind().id);
                        fe.setTextContent(lines(fail));
                        tc.appendChild(fe);
                    }
                    List<Finding> rest = e.getValue().stream().filter(f -> !f.fails(failOn)).toList();
                    if (!rest.isEmpty()) {
                        Element so = doc.createElement("system-out");
                        so.setTextContent(lines(rest));
                        tc.appendChild(so);
                    }
                    suite.appendChild(tc);
                }
                for (Element el : new Element[] {suites, suite}) {
                    el.setAttribute("tests", Integer.toString(tests));
                    el.setAttribute("failures", Integer.toString(failures));
                    el.setAttribute("errors", "0");
                }
                suite.setAttribute("skipped", "0");
                var t = TransformerFactory.newInstance().newTransformer();
                t.setOutputProperty(OutputKeys.INDENT, "yes");
                t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
                StringWriter w = new StringWriter();
                t.transform(new DOMSource(doc), new StreamResult(w));
                out.println(w);
            } catch (ParserConfigurationException | TransformerException e) {
                throw new IllegalStateException("cannot write JUnit XML: " + e.getMessage(), e);
            }
        }
    };

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes {@code r} to {@code out}. */
    public abstract void write(CheckResult r, Set<FailOn> failOn, PrintWriter out);

    static String summary(CheckResult r) {
        return "summary: " + r.count(Finding.Kind.NEW_LEGACY) + " new legacy, " + r.count(Finding.Kind.NEW_BROKEN)
                + " new broken, " + r.count(Finding.Kind.NEW_DEPENDENCY) + " new blocker dependencies, "
                + r.count(Finding.Kind.STALE_BASELINE) + " stale baseline slack, "
                + r.count(Finding.Kind.SUPPRESSION_WITHOUT_REASON) + " suppressions without a reason, "
                + r.suppressed().size() + " suppressed, " + r.count(Finding.Kind.REMOVED_LEGACY)
                + " legacy sites removed, " + r.count(Finding.Kind.LEGACY) + " legacy sites not new, "
                + r.count(Finding.Kind.NEW_FINDING) + " new migration mistakes";
    }

    private static String location(Finding f) {
        return f.site().line() > 0 ? f.site().path() + ":" + f.site().line() : f.site().path();
    }

    private static String lines(List<Finding> fs) {
        return fs.stream().map(f -> location(f) + " " + f.kind().label + ": " + f.message())
                .collect(Collectors.joining("\n"));
    }

    private static String ids(Set<FailOn> failOn) {
        return failOn.stream().map(FailOn::id).collect(Collectors.joining(","));
    }

    private static ObjectNode site(ObjectNode n, Site s) {
        n.put("path", s.path());
        if (!s.identityPath().equals(s.path())) {
            n.put("identity_path", s.identityPath());
        }
        n.put("line", s.line());
        n.put("column", s.column());
        n.put("symbol", s.displaySymbol());
        n.put("site_kind", s.kind());
        n.put("library", s.library());
        n.put("source_line", s.text());
        n.put("occurrence", s.occurrence());
        if (s.ruleId() != null) {
            n.put("rule_id", s.ruleId());
        }
        if (s.equivalent() != null) {
            n.put("anyio_equivalent", s.equivalent());
        }
        if (s.tier() != null) {
            n.put("tier", s.tier());
        }
        n.put("fingerprint", s.fingerprint());
        return n;
    }

    private static String ruleId(Finding f) {
        Site s = f.site();
        return switch (f.kind()) {
            case NEW_BROKEN -> "anyscope/broken";
            case NEW_DEPENDENCY -> "anyscope/dependency/" + s.displaySymbol();
            case STALE_BASELINE -> "anyscope/stale-baseline";
            case SUPPRESSION_WITHOUT_REASON -> "anyscope/suppression-without-reason";
            case NEW_FINDING, FINDING -> "anyscope/mistake/" + s.displaySymbol();
            default -> s.isDependency() ? "anyscope/dependency/" + s.displaySymbol()
                    : s.ruleId() != null ? s.ruleId() : "anyscope/uncatalogued/" + s.library();
        };
    }

    /** SARIF level from the site's tier and risk: blockers and high risks are errors. */
    private static String level(Finding f) {
        Site s = f.site();
        if (f.kind() == Finding.Kind.NEW_BROKEN || "blocker".equals(s.tier())) {
            return "error";
        }
        if (f.kind() == Finding.Kind.STALE_BASELINE || f.kind() == Finding.Kind.SUPPRESSION_WITHOUT_REASON) {
            return "warning";
        }
        return switch (s.risk() == null ? "" : s.risk()) {
            case "critical", "high" -> "error";
            case "medium" -> "warning";
            default -> "note";
        };
    }

    private static void rule(ObjectNode n, String id, Finding f) {
        Site s = f.site();
        n.put("id", id);
        String name;
        String shortText;
        String help;
        switch (f.kind()) {
            case NEW_BROKEN -> {
                name = "BrokenTargetReference";
                shortText = "A name the migration target's public API does not have";
                help = "The name does not exist in AnyIO's public API: a leftover of a search-and-replace from "
                        + "asyncio or trio. Use the AnyIO equivalent of the original call.";
            }
            case STALE_BASELINE -> {
                name = "StaleBaseline";
                shortText = "The baseline allows more sites than the code has";
                help = "Tighten the baseline with `anyscope check --baseline FILE --update-baseline` so that removed "
                        + "legacy usage cannot come back unnoticed.";
            }
            case SUPPRESSION_WITHOUT_REASON -> {
                name = "SuppressionWithoutReason";
                shortText = "An anyscope suppression comment without a reason";
                help = "Write why the site may stay after the brackets: `# anyscope: ignore[asyncio.create_task] "
                        + "reason`. Without a reason the comment suppresses nothing.";
            }
            case NEW_FINDING, FINDING -> {
                name = "MigrationMistake:" + s.displaySymbol();
                shortText = s.broken();
                help = s.equivalent();
            }
            default -> {
                if (s.isDependency()) {
                    name = "Dependency:" + s.displaySymbol();
                    shortText = "Dependency on " + s.displaySymbol() + " (" + s.role() + " library)";
                    help = s.equivalent() == null ? shortText : s.equivalent();
                } else {
                    name = s.symbol();
                    shortText = s.symbol() + " (" + s.library() + ", " + s.tier() + ")";
                    help = s.equivalent() == null ? s.symbol() + " is not in the catalog: it needs a manual look."
                            : "AnyIO equivalent: " + s.equivalent() + " (effort: " + s.tier() + ")";
                }
            }
        }
        n.put("name", name);
        n.putObject("shortDescription").put("text", shortText);
        n.putObject("fullDescription").put("text", help);
        n.putObject("help").put("text", help);
        n.putObject("defaultConfiguration").put("level", level(f));
        ObjectNode props = n.putObject("properties");
        ArrayNode tags = props.putArray("tags");
        tags.add("anyio-migration");
        if (s.category() != null) {
            tags.add(s.category());
        }
    }

    /** GitHub workflow-command data: {@code %}, CR and LF escaped. */
    static String escapeData(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** GitHub workflow-command property values: as data, plus {@code :} and {@code ,}. */
    static String escapeProperty(String s) {
        return escapeData(s).replace(":", "%3A").replace(",", "%2C");
    }

    private static String toJson(ObjectNode root) {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
