# Fixture of rule anyio-api-newer-than-declared: every use of an API with its first AnyIO release. The finding holds
# at a snapshot only when the repository's declared AnyIO requirement allows an older release (SQL views; see
# FindingsEndToEndTest for two repositories declaring different requirements).
import anyio
# expect: anyio-api-newer-than-declared
from anyio import to_thread
# expect: anyio-api-newer-than-declared
from anyio.from_thread import start_blocking_portal


async def main():
    # ok: anyio-api-newer-than-declared
    await anyio.sleep(1)
    await to_thread.run_sync(print)  # expect: anyio-api-newer-than-declared
    async with anyio.create_task_group() as tg:
        tg.start_soon(anyio.sleep, 1)  # expect: anyio-api-newer-than-declared
    await anyio.sleep_forever()  # expect: anyio-api-newer-than-declared
    path = anyio.Path("x")  # expect: anyio-api-newer-than-declared
    # ok: anyio-api-newer-than-declared
    event = anyio.Event()
    return path, event


def portal():
    with start_blocking_portal() as p:  # expect: anyio-api-newer-than-declared
        return p
