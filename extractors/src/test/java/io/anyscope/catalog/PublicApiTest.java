package io.anyscope.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The "broken" rule over the shipped reference lists: names of a target library that its public API lacks. */
class PublicApiTest {
    private static final Catalog CATALOG = Catalog.loadDefault();

    @ParameterizedTest
    @CsvSource({
        // migration debris: asyncio names written under anyio
        "anyio.create_task, true", "anyio.get_event_loop, true", "anyio.wait_for, true", "anyio.TimeoutError, true",
        "anyio.gather, true", "anyio.abc.Bogus, true", "anyio._core._eventloop, true",
        // the real API: names, namespaces, attributes of listed classes, star imports
        "anyio, false", "anyio.create_task_group, false", "anyio.sleep, false", "anyio.abc, false",
        "anyio.abc.TaskGroup, false", "anyio.abc.TaskGroup.start_soon, false", "anyio.to_thread.run_sync, false",
        "anyio.streams.memory.MemoryObjectSendStream, false", "anyio.*, false",
        // names of older or newer releases exist (3.x deprecated aliases; 4.14's TaskHandle)
        "anyio.create_event, false", "anyio.open_cancel_scope, false", "anyio.run_sync_in_worker_thread, false",
        "anyio.TaskHandle, false",
        // not a target library: never broken by this rule
        "asyncio.create_task, false", "asyncio.nonexistent, false", "trio.nonexistent, false"})
    void missingTargetNames(String symbol, boolean missing) {
        assertThat(CATALOG.isMissingTargetName(symbol)).as(symbol).isEqualTo(missing);
    }

    @ParameterizedTest
    @CsvSource({"anyio, true", "trio, true", "asyncio, false", "sniffio, false"})
    void referenceListsAreFoundByLibrary(String library, boolean shipped) {
        assertThat(CATALOG.publicApi(library).isPresent()).as(library).isEqualTo(shipped);
    }
}
