package io.anyscope.extract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Names used but never bound: loads of a tracked library's name that nothing binds are {@code unbound} facts. */
class UnboundNamesTest {
    private static String[] unbound(String src) {
        try (PySnippet p = PySnippet.of(src)) {
            ImportBindings imports = p.imports();
            ReferenceFollower refs = new ReferenceFollower(p.file, imports, p.context, p.usages, p.methods());
            refs.find();
            new UnboundNames(p.file, p.scopes, PySnippet.CATALOG, imports, refs).find();
            return p.usages.sorted().stream().filter(u -> u.kind().equals("unbound")).map(PySnippet::row)
                    .toArray(String[]::new);
        }
    }

    @Test
    void aSearchAndReplacedImportLeavesTheOldNameUnbound() {
        assertThat(unbound("""
                import anyio

                async def main():
                    await anyio.sleep(1)
                    task = asyncio.create_task(job())
                    loop = asyncio.get_event_loop()
                    try:
                        pass
                    except asyncio.TimeoutError:
                        pass
                """)).containsExactly(
                "5:12 unbound asyncio.create_task@other asyncio main async",
                "6:12 unbound asyncio.get_event_loop@other asyncio main async",
                "9:12 unbound asyncio.TimeoutError@except asyncio main async");
    }

    @Test
    void anImportInAnotherFunctionDoesNotBind() {
        assertThat(unbound("""
                def f():
                    import trio
                    trio.run(main)

                def g():
                    trio.run(main)
                """)).containsExactly("6:5 unbound trio.run@other trio g");
    }

    @Test
    void anImportInAnEnclosingScopeOrOfAnyModuleBinds() {
        assertThat(unbound("""
                import sys
                if sys.version_info >= (3, 11):
                    from . import compat as asyncio
                def f():
                    from .vendor import trio
                    def g():
                        trio.run(asyncio.sleep)
                import aiofiles.os
                aiofiles.open
                from uvloop import install
                from .curio import x
                """)).isEmpty();
    }

    @Test
    void theModuleOfAFromImportDoesNotBindTheLibraryName() {
        assertThat(unbound("""
                from asyncio import sleep
                asyncio.create_task(sleep(1))
                """)).containsExactly("2:1 unbound asyncio.create_task@other asyncio -");
    }

    @Test
    void localsParametersAndOtherBindingsAreNotUnbound() {
        assertThat(unbound("""
                asyncio = load()
                asyncio.run(main)
                def f(trio, *anyio, **curio):
                    trio.run(anyio, curio)
                def g(uvloop=None, aiofiles: int = 1):
                    uvloop.install(aiofiles)
                def h():
                    global sniffio
                    sniffio.current_async_library()
                for nest_asyncio in []:
                    nest_asyncio.apply()
                with open(x) as async_timeout:
                    async_timeout.read()
                [trio_asyncio.x for trio_asyncio in xs]
                def trio_asyncio_runner(): pass
                """)).isEmpty();
        assertThat(unbound("""
                try:
                    pass
                except Exception as trio:
                    trio.args
                if (anyio := find()):
                    anyio.run(main)
                def anyio_():
                    pass
                class curio:
                    pass
                curio.x
                def k():
                    del uvloop
                    uvloop.install()
                lambda asyncio: asyncio.run(main)
                """)).isEmpty();
    }

    @Test
    void attributeNamesKeywordsStringsAndCommentsAreNotLoads() {
        assertThat(unbound("""
                obj.asyncio.run()
                f(trio=1)
                s = "asyncio.run(main)"
                # anyio.run(main)
                def f(x=asyncio):
                    pass
                """)).containsExactly("5:9 unbound asyncio@other asyncio f");
    }

    @Test
    void aStarImportOfAnUntrackedModuleMayBindAnything() {
        assertThat(unbound("""
                from .compat import *
                asyncio.run(main)
                """)).isEmpty();
        assertThat(unbound("""
                from anyio import *
                asyncio.run(main)
                """)).containsExactly("2:1 unbound asyncio.run@other asyncio -");
    }

    @Test
    void aFileMentioningTheLibraryOnlyInUnboundUsesPassesThePrefilter() throws ExtractionException {
        Extractor x = new Extractor(PySnippet.CATALOG);
        FileResult r = x.extract("svc/a.py", """
                import anyio

                async def main():
                    asyncio.create_task(job())
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(r.usages()).extracting(PySnippet::row).containsExactly(
                "1:8 import anyio@other anyio -",
                "4:5 unbound asyncio.create_task@other asyncio main async");
        Usage u = r.usages().get(1);
        assertThat(u.ruleId()).isNotNull();
        assertThat(u.effort()).isEqualTo("structural");
        assertThat(u.missingName()).isFalse();
    }
}
