import asyncio
import sys

import anyio
import pytest
import sniffio
from anyio import create_task_group, to_thread

asyncio_params = [pytest.param("asyncio", id="asyncio")]


async def job(n):
    await anyio.sleep(n)


async def serve():
    async with create_task_group() as tg:
        tg.start_soon(job, 1)
        asyncio.create_task(job(2))  # expect: asyncio-api-under-anyio
        task = asyncio.ensure_future(job(3))  # expect: asyncio-api-under-anyio
    return task


async def read(path):
    loop = asyncio.get_running_loop()  # expect: asyncio-api-under-anyio
    await loop.run_in_executor(None, open, path)
    return await to_thread.run_sync(open, path)


async def guarded():
    await anyio.sleep(0)
    if sniffio.current_async_library() == "asyncio":
        # ok: asyncio-api-under-anyio
        asyncio.get_running_loop().set_debug(True)


async def guarded_expression():
    await anyio.sleep(0)
    # ok: asyncio-api-under-anyio
    return asyncio.get_running_loop() if sniffio.current_async_library() == "asyncio" else None


async def early_return():
    if sniffio.current_async_library() != "asyncio":
        return await anyio.sleep(0)
    # ok: asyncio-api-under-anyio
    return asyncio.get_running_loop().time()


async def probe():
    await anyio.sleep(0)
    try:
        # ok: asyncio-api-under-anyio
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    return loop


async def plain_asyncio():
    # ok: asyncio-api-under-anyio
    return asyncio.get_running_loop()


def sync_entry():
    anyio.run(serve)
    # ok: asyncio-api-under-anyio
    return asyncio.get_event_loop()


def worker_main():
    # expect: asyncio-api-under-anyio
    loop = asyncio.get_event_loop()
    loop.run_until_complete(job(1))  # expect: asyncio-api-under-anyio


async def background():
    asyncio.ensure_future(job(1))  # expect: asyncio-api-under-anyio


async def supervisor():
    async with anyio.create_task_group() as tg:
        tg.start_soon(background)


class Service:
    async def _pump(self):
        asyncio.create_task(job(1))  # expect: asyncio-api-under-anyio

    async def run(self):
        async with anyio.create_task_group() as tg:
            await tg.start(self._pump)


async def test_asyncio_only(anyio_backend):
    await anyio.sleep(0)
    # ok: asyncio-api-under-anyio
    asyncio.get_running_loop().call_soon(print)


def asyncio_only_entry():
    async def main():
        # ok: asyncio-api-under-anyio
        return asyncio.get_running_loop().get_debug()

    return anyio.run(main, backend="asyncio")


def test_unknown_backend():
    async def main():
        pass

    with pytest.raises(LookupError):
        anyio.run(main, backend="nosuchbackend")


def test_debug_option():
    # another `main` in the same file, run on asyncio explicitly
    async def main():
        # ok: asyncio-api-under-anyio
        return asyncio.get_running_loop().get_debug()

    return anyio.run(main, backend="asyncio", backend_options={"debug": True})


def run_on_trio():
    async def main_on_trio():
        # expect: asyncio-api-under-anyio
        return asyncio.get_running_loop()

    return anyio.run(main_on_trio, backend="trio")


def test_generator_based_task():
    async def native_part():
        with anyio.CancelScope() as scope:
            # ok: asyncio-api-under-anyio
            asyncio.get_running_loop().call_soon(scope.cancel)
            await anyio.sleep(1)

    anyio.run(native_part, backend="asyncio")


def test_asyncio_run_releases_the_loop():
    async def main():
        await anyio.to_thread.run_sync(print)
        # ok: asyncio-api-under-anyio
        return weakref.ref(asyncio.get_running_loop())

    anyio.run(main)


@pytest.mark.parametrize("anyio_backend", asyncio_params)
async def test_native_cancellation():
    async def taskfunc():
        async with create_task_group() as tg:
            tg.start_soon(asyncio.sleep, 2)
        # ok: asyncio-api-under-anyio
        return asyncio.get_running_loop()

    # ok: asyncio-api-under-anyio
    task = asyncio.create_task(taskfunc())
    task.cancel()


@pytest.mark.parametrize("anyio_backend", ["asyncio"])
class TestAsyncioOnly:
    async def test_loop(self):
        await anyio.sleep(0)
        # ok: asyncio-api-under-anyio
        loop = asyncio.get_running_loop()
        loop.create_task(job(1))  # ok: asyncio-api-under-anyio


if __name__ == "__main__":
    anyio.run(worker_main) if sys.argv else None
