# A module implementing an AnyIO backend (as anyio/_backends/_asyncio.py and httpcore's _backends do): it must use
# asyncio's own API. Without the Backend class below, the `# expect` lines are findings.
import asyncio

import anyio
from anyio.abc import AsyncBackend


class TaskGroup:
    async def spawn(self, func):
        await anyio.sleep(0)
        return asyncio.create_task(func())  # expect: asyncio-api-under-anyio


async def current_loop():
    async with anyio.create_task_group():
        return asyncio.get_running_loop()  # expect: asyncio-api-under-anyio


class AsyncIOBackend(AsyncBackend):
    pass
