package io.anyscope.extract;

import io.anyscope.catalog.Catalog;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A project's compatibility layer: what a module re-exports ({@link Reexports}, and its module-level import facts), and
 * the candidate facts of tracked names imported from a project module ({@link ProxyImports}), through the whole
 * extractor.
 */
class CompatLayerTest {
    private static final Catalog CATALOG = Catalog.loadDefault();
    private static final PythonExtractor EXTRACTOR = new PythonExtractor(CATALOG);

    private static FileResult extract(String src) {
        return EXTRACTOR.extract("pkg/mod.py", src.getBytes(StandardCharsets.UTF_8));
    }

    /** Facts as {@code line:col kind symbol alias [via MODULE:NAME]}, scope {@code -} at module level. */
    private static List<String> facts(String src) {
        return extract(src).usages().stream().map(u -> u.line() + ":" + u.column() + " " + u.kind() + " " + u.symbol()
                + " " + u.alias() + " " + (u.scope().isEmpty() ? "-" : u.scope())
                + (u.via() == null ? "" : " via " + u.via() + ":" + u.viaName())).toList();
    }

    private static List<String> kind(String src, String kind) {
        return facts(src).stream().filter(f -> f.split(" ")[1].equals(kind)).toList();
    }

    @Test
    void moduleLevelImportsAreImportFactsAtModuleScopeAndNoReexportRows() {
        // the analytics take a module's exports from its import facts of scope "-" (module level)
        assertThat(facts("""
                from anyio import create_task_group, sleep as nap
                from anyio import *
                try:
                    from anyio import CancelScope
                except ImportError:
                    CancelScope = None
                class C:
                    from anyio import Event
                def f():
                    from anyio import Lock
                """)).containsExactly(
                "1:19 import anyio.create_task_group create_task_group -",
                "1:38 import anyio.sleep nap -",
                "2:19 import anyio.* * -",
                "4:23 import anyio.CancelScope CancelScope -",
                "8:23 import anyio.Event Event C",
                "10:23 import anyio.Lock Lock f");
    }

    @Test
    void aModuleLevelAssignmentOfATrackedSymbolToATrackedNameIsAReexport() {
        assertThat(kind("""
                import anyio.abc
                import asyncio
                from anyio import sleep as _sleep
                TaskGroup = anyio.abc.TaskGroup
                sleep = _sleep
                nap = _sleep
                Queue = asyncio.Queue
                Queue = asyncio.LifoQueue
                loop = asyncio.get_event_loop()
                if True:
                    Event = anyio.Event
                TaskGroup.x = anyio.Lock
                a, b = anyio.Lock, anyio.Event
                class C:
                    Lock = anyio.Lock
                def f():
                    Semaphore = anyio.Semaphore
                """, "reexport")).containsExactly(
                "4:13 reexport anyio.abc.TaskGroup TaskGroup -",
                "5:9 reexport anyio.sleep sleep -",
                "8:9 reexport asyncio.LifoQueue Queue -",
                "11:13 reexport anyio.Event Event -");
    }

    @Test
    void aTrackedNameImportedFromAProjectModuleIsACandidatePerLibraryThatHasIt() {
        assertThat(facts("""
                from rollouts.aio import create_task_group as ctg, sleep

                async def main():
                    async with ctg() as tg:
                        await sleep(1)
                """)).containsExactly(
                "1:26 import anyio.create_task_group ctg - via rollouts.aio:create_task_group",
                "1:52 import anyio.sleep sleep - via rollouts.aio:sleep",
                "1:52 import asyncio.sleep sleep - via rollouts.aio:sleep",
                "1:52 import trio.sleep sleep - via rollouts.aio:sleep",
                "4:16 call anyio.create_task_group ctg main via rollouts.aio:create_task_group",
                "5:15 call anyio.sleep sleep main via rollouts.aio:sleep",
                "5:15 call asyncio.sleep sleep main via rollouts.aio:sleep",
                "5:15 call trio.sleep sleep main via rollouts.aio:sleep");
    }

    @Test
    void relativeModulesAndAttributeChainsAreCandidatesToo() {
        assertThat(facts("""
                from . import TaskGroup
                from ..compat import to_thread

                def f(tg: TaskGroup):
                    return to_thread.run_sync
                """)).containsExactly(
                "1:15 import anyio.abc.TaskGroup TaskGroup - via .:TaskGroup",
                "1:15 import asyncio.TaskGroup TaskGroup - via .:TaskGroup",
                "2:22 import anyio.to_thread to_thread - via ..compat:to_thread",
                "2:22 import asyncio.to_thread to_thread - via ..compat:to_thread",
                "2:22 import trio.to_thread to_thread - via ..compat:to_thread",
                "4:11 access anyio.abc.TaskGroup TaskGroup f via .:TaskGroup",
                "4:11 access asyncio.TaskGroup TaskGroup f via .:TaskGroup",
                "5:12 access anyio.to_thread.run_sync to_thread f via ..compat:to_thread",
                "5:12 access asyncio.to_thread.run_sync to_thread f via ..compat:to_thread",
                "5:12 access trio.to_thread.run_sync to_thread f via ..compat:to_thread");
    }

    @Test
    void namesNoTrackedLibraryHasAndModulesThatCannotBeTheProjectsGiveNoCandidate() {
        assertThat(facts("""
                from rollouts.util import retry, backoff as b
                from pathlib import Path
                from threading import Event, Lock
                from typing import Protocol
                from rollouts.aio import *
                import rollouts.aio as aio

                retry(Path("x"), Event(), Lock(), b, aio.sleep(1))
                """)).isEmpty();
    }

    @Test
    void anInnerImportOfTheTrackedLibraryShadowsTheCandidate() {
        assertThat(facts("""
                from rollouts.aio import sleep

                async def f():
                    from anyio import sleep
                    await sleep(1)
                """)).containsExactly(
                "1:26 import anyio.sleep sleep - via rollouts.aio:sleep",
                "1:26 import asyncio.sleep sleep - via rollouts.aio:sleep",
                "1:26 import trio.sleep sleep - via rollouts.aio:sleep",
                "4:23 import anyio.sleep sleep f",
                "5:11 call anyio.sleep sleep f");
    }

    @Test
    void theBytePrefilterLetsThroughFilesThatMayImportFromALayerAndNoOthers() {
        assertThat(EXTRACTOR.mayHoldFacts(bytes("from rollouts.aio import create_task_group\n"))).isTrue();
        assertThat(EXTRACTOR.mayHoldFacts(bytes("from .aio import (\n    helper,  # a comment\n    sleep,\n)\n")))
                .isTrue();
        assertThat(EXTRACTOR.mayHoldFacts(bytes("x = 1\nif x: from . import \\\n    Event\n"))).isTrue();
        assertThat(EXTRACTOR.mayHoldFacts(bytes("from rollouts.aio import helper as sleep\n"))).isFalse();
        assertThat(EXTRACTOR.mayHoldFacts(bytes("from rollouts.util import retry\n"))).isFalse();
        assertThat(EXTRACTOR.mayHoldFacts(bytes("from pathlib import Path\nfrom threading import Event\n")))
                .isFalse();
        assertThat(EXTRACTOR.mayHoldFacts(bytes("print('nothing imported from anywhere')\n"))).isFalse();
        FileResult skipped = extract("from rollouts.util import retry\nretry()\n");
        assertThat(skipped.summary().prefiltered()).isTrue();
        FileResult read = extract("from rollouts.aio import sleep\n");
        assertThat(read.summary().prefiltered()).isFalse();
        assertThat(read.usages()).hasSize(3);
    }

    @Test
    void theCatalogKnowsWhichNamesALayerCanReexportAndWhichModulesCanBeTheProjects() {
        assertThat(CATALOG.importableNames().get("sleep")).containsExactly("anyio.sleep", "asyncio.sleep",
                "trio.sleep");
        assertThat(CATALOG.importableNames().get("TaskGroup")).containsExactly("anyio.abc.TaskGroup",
                "asyncio.TaskGroup");
        assertThat(CATALOG.importableNames()).doesNotContainKeys("anyio", "asyncio", "start_soon", "helper");
        assertThat(CATALOG.mayBeProjectModule("rollouts.aio")).isTrue();
        assertThat(CATALOG.mayBeProjectModule(".aio")).isTrue();
        assertThat(CATALOG.mayBeProjectModule(".")).isTrue();
        assertThat(CATALOG.mayBeProjectModule("anyio.abc")).isFalse();
        assertThat(CATALOG.mayBeProjectModule("concurrent.futures")).isFalse();
        assertThat(CATALOG.mayBeProjectModule("typing")).isFalse();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
