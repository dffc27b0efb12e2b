package io.anyscope.extract;

import org.junit.jupiter.api.Test;
import org.treesitter.TSNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Derived method facts: a value of a known type, followed through method chains and assigned variables. */
class MethodFactsTest {
    private static String[] methodFacts(String src) {
        try (PySnippet p = PySnippet.of(src)) {
            MethodFacts methods = p.methods();
            new ReferenceFollower(p.file, p.imports(), p.context, p.usages, methods).find();
            methods.followVariables();
            return p.usages.sorted().stream().filter(Usage::derived).map(PySnippet::row).toArray(String[]::new);
        }
    }

    @Test
    void returnsOfIsTheCatalogEntrysOwnReturnType() {
        try (PySnippet p = PySnippet.of("")) {
            MethodFacts m = p.methods();
            assertThat(m.returnsOf("asyncio.get_running_loop")).isEqualTo("asyncio.AbstractEventLoop");
            assertThat(m.returnsOf("asyncio.AbstractEventLoop.create_future")).isEqualTo("asyncio.Future");
            assertThat(m.returnsOf("asyncio.sleep")).isNull();
            assertThat(m.returnsOf(null)).isNull();
        }
    }

    @Test
    void aValueIsFollowedThroughChainsAndAssignmentsWithinItsFunction() {
        assertThat(methodFacts("""
                import asyncio
                async def f():
                    loop = asyncio.get_running_loop()
                    fut = loop.create_future()
                    fut.set_result(1)
                    await loop.run_in_executor(None, print)
                def g():
                    loop.stop()
                """)).containsExactly(
                // the alias of a method fact on a variable is the variable's name
                "4:11 method asyncio.AbstractEventLoop.create_future@other loop f async ~",
                "5:5 method asyncio.Future.set_result@other fut f async ~",
                "6:11 method asyncio.AbstractEventLoop.run_in_executor@await loop f async ~");
    }

    @Test
    void withAsAwaitAndSelfAttributesBindTheValue() {
        assertThat(methodFacts("""
                import trio, asyncio
                class S:
                    async def run(self):
                        async with trio.open_nursery() as nursery:
                            nursery.start_soon(w)
                        proc = await asyncio.create_subprocess_exec("ls")
                        await proc.wait()
                        self.loop = asyncio.get_event_loop()
                        self.loop.stop()
                """)).containsExactly(
                "5:13 method trio.Nursery.start_soon@other nursery S.run async ~",
                "7:15 method asyncio.subprocess.Process.wait@await proc S.run async ~",
                "9:9 method asyncio.AbstractEventLoop.stop@other self.loop S.run async ~");
    }

    @Test
    void followEmitsTheMethodOnTheGivenValueWithTheGivenAlias() {
        try (PySnippet p = PySnippet.of("q.put_nowait(1)\n")) {
            int at = p.at("q");
            TSNode q = p.file.nodeAt(at, at + 1);
            p.methods().follow(q, "asyncio.Queue", "aio", true);
            assertThat(p.usages.sorted()).extracting(PySnippet::row)
                    .containsExactly("1:1 method asyncio.Queue.put_nowait@other aio - ~");
        }
    }
}
