package io.anyscope.extract;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration debris in the facts: names of the target library that its public API does not have ({@code missing_name},
 * classified by the legacy name they were copied from) and runtime patches of the target library ({@code patch}).
 */
class DebrisFactsTest {
    private static final Extractor X = new Extractor(PySnippet.CATALOG);

    private static List<Usage> facts(String src) throws ExtractionException {
        return X.extract("a.py", src.getBytes(StandardCharsets.UTF_8)).usages();
    }

    /** {@code line:col kind symbol missing? rule effort}. */
    private static String row(Usage u) {
        return u.line() + ":" + u.column() + " " + u.kind() + " " + u.symbol() + (u.missingName() ? " missing" : "")
                + " " + u.ruleId() + " " + u.effort();
    }

    @Test
    void aMissingTargetNameTakesTheClassificationOfTheLegacyNameItWasCopiedFrom() throws ExtractionException {
        List<Usage> us = facts("""
                import anyio
                from anyio import create_task, sleep
                async def main():
                    anyio.create_task(job())
                    await anyio.sleep(1)
                    anyio.open_nursery()
                    anyio.no_such_thing
                """);
        assertThat(us).extracting(DebrisFactsTest::row).containsExactly(
                "1:8 import anyio anyio none",
                "2:19 import anyio.create_task missing asyncio.create_task structural",
                "2:32 import anyio.sleep anyio.sleep none",
                "4:5 call anyio.create_task missing asyncio.create_task structural",
                "5:11 call anyio.sleep anyio.sleep none",
                "6:5 call anyio.open_nursery missing trio.open_nursery mechanical",
                "7:5 access anyio.no_such_thing missing null null");
        Usage ct = us.get(3);
        assertThat(ct.category()).isEqualTo("task_spawning");
        assertThat(ct.anyioEquivalent()).contains("start_soon");
        assertThat(us.get(6).category()).isEqualTo("uncatalogued");
    }

    @Test
    void legacyNamesAreNeverMissing() throws ExtractionException {
        // asyncio's and trio's reference lists are version-dependent: an old trio name is not broken code
        assertThat(facts("""
                import trio, asyncio
                trio.open_cancel_scope()
                asyncio.no_such_thing
                """)).noneMatch(Usage::missingName);
    }

    @Test
    void anAssignmentToATargetLibrarysAttributeIsAPatchNotAnAccess() throws ExtractionException {
        assertThat(facts("""
                import anyio
                anyio.StreamReader = StreamReader
                anyio.a, anyio.b = 1, 2
                x = anyio.StreamReader
                anyio = anyio
                """)).extracting(DebrisFactsTest::row).containsExactly(
                "1:8 import anyio anyio none",
                "2:1 patch anyio.StreamReader missing asyncio.StreamReader structural",
                "3:1 patch anyio.a missing null null",
                "3:10 patch anyio.b missing null null",
                "4:5 access anyio.StreamReader missing asyncio.StreamReader structural",
                "5:9 access anyio anyio none");
    }
}
