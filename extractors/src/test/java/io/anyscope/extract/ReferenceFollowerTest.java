package io.anyscope.extract;

import org.junit.jupiter.api.Test;
import org.treesitter.TSNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Reference following: loads of bound names, extended along attributes, as call or access facts. */
class ReferenceFollowerTest {
    private static String[] facts(String src) {
        try (PySnippet p = PySnippet.of(src)) {
            ImportBindings imports = p.imports();
            new ReferenceFollower(p.file, imports, p.context, p.usages, p.methods()).find();
            return p.usages.sorted().stream().filter(u -> !u.kind().equals("import")).map(PySnippet::row)
                    .toArray(String[]::new);
        }
    }

    @Test
    void aLoadBecomesACallOrAnAccessAlongItsAttributeChain() {
        assertThat(facts("""
                import asyncio as aio
                from anyio import sleep
                async def f():
                    await aio.tasks.gather()
                    aio.Event
                    await sleep(1)
                """)).containsExactly(
                "4:11 call asyncio.tasks.gather@await aio f async",
                "5:5 access asyncio.Event@other aio f async",
                "6:11 call anyio.sleep@await sleep f async");
    }

    @Test
    void storesParametersAndAttributeNamesAreNotReferences() {
        assertThat(facts("""
                import asyncio
                def f(asyncio=None, *, x=asyncio.run):
                    asyncio = 1
                    g(asyncio=2)
                    obj.asyncio
                    return asyncio
                """)).containsExactly(
                // scopes are lexical: a default value lies within its def
                "2:26 access asyncio.run@other asyncio f",
                "6:12 access asyncio@other asyncio f");
    }

    @Test
    void aNameImportedFromAnotherModuleIsNotAReference() {
        // starlette/_utils.py: the same name from inspect or asyncio, by Python version
        assertThat(facts("""
                import sys
                if sys.version_info >= (3, 13):
                    from inspect import iscoroutinefunction
                    from .compat import iscoroutinefunction as icf
                else:
                    from asyncio import iscoroutinefunction
                iscoroutinefunction(f)
                """)).containsExactly(
                "7:1 call asyncio.iscoroutinefunction@other iscoroutinefunction -");
    }

    @Test
    void aMatchClassPatternIsAReference() {
        assertThat(facts("""
                import asyncio
                match x:
                    case asyncio.Event():
                        pass
                """)).containsExactly("3:10 access asyncio.Event@other asyncio -");
    }

    @Test
    void aCallsValueIsFollowedForMethods() {
        // A method chained on the call is the same site (issue 13: one site, one tier): the call stays and takes the
        // classification of the outermost catalogued method; through a variable it is a site of its own.
        try (PySnippet p = PySnippet.of("""
                import asyncio
                async def f():
                    asyncio.get_running_loop().call_soon(print)
                    t = asyncio.get_event_loop().time()
                    loop = asyncio.get_event_loop()
                    loop.time()
                """)) {
            MethodFacts methods = p.methods();
            new ReferenceFollower(p.file, p.imports(), p.context, p.usages, methods).find();
            methods.followVariables();
            assertThat(p.usages.sorted()).filteredOn(u -> !u.kind().equals("import"))
                    .extracting(u -> PySnippet.row(u) + " " + u.ruleId() + " " + u.effort()).containsExactly(
                    "3:5 call asyncio.get_running_loop@other asyncio f async "
                            + "asyncio.AbstractEventLoop.call_soon manual",
                    "4:9 call asyncio.get_event_loop@other asyncio f async asyncio.AbstractEventLoop.time mechanical",
                    "5:12 call asyncio.get_event_loop@other asyncio f async asyncio.get_event_loop manual",
                    "6:5 method asyncio.AbstractEventLoop.time@other loop f async ~ "
                            + "asyncio.AbstractEventLoop.time mechanical");
        }
    }

    @Test
    void isLoadTellsReadsFromBindings() {
        try (PySnippet p = PySnippet.of("a.b = c\nd = e\nf(g=h)\n")) {
            ReferenceFollower refs = new ReferenceFollower(p.file, p.imports(), p.context, p.usages, p.methods());
            for (String name : new String[] {"a", "c", "e", "h"}) {
                int at = p.at(name);
                TSNode n = p.file.nodeAt(at, at + 1);
                assertThat(refs.isLoad(at, p.file.nodes.parent(n))).as(name).isTrue();
            }
            for (String name : new String[] {"d", "g"}) {
                int at = p.at(name);
                TSNode n = p.file.nodeAt(at, at + 1);
                assertThat(refs.isLoad(at, p.file.nodes.parent(n))).as(name).isFalse();
            }
        }
    }
}
