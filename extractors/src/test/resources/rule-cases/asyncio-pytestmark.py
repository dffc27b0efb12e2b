# Tests pinned to the asyncio backend for the whole module. Without the pytestmark line, the `# expect` lines are
# findings.
import asyncio

import anyio
import pytest

pytestmark = [pytest.mark.anyio, pytest.mark.parametrize("anyio_backend", ["asyncio"])]


async def test_native_task():
    async with anyio.create_task_group() as tg:
        tg.start_soon(anyio.sleep, 0)
    task = asyncio.create_task(anyio.sleep(0))  # expect: asyncio-api-under-anyio
    await task
