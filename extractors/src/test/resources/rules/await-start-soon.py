# Fixture of rule await-start-soon: `# expect:` lines must be found, `# ok:` lines must not.
import anyio
from anyio import create_task_group as ctg
import trio


async def worker(n):
    await anyio.sleep(n)


async def main():
    async with anyio.create_task_group() as tg:
        await tg.start_soon(worker, 1)  # expect: await-start-soon
        tg.start_soon(worker, 2)  # ok: await-start-soon
        await tg.start(worker)  # ok: await-start-soon
    async with ctg() as group:
        await group.start_soon(  # expect: await-start-soon
            worker, 3)
        # expect: await-start-soon
        await group.start_soon(worker, 4)


async def nursery(task_group):
    async with trio.open_nursery() as n:
        await n.start_soon(worker, 1)  # expect: await-start-soon
    await task_group.start_soon(worker, 2)  # expect: await-start-soon
    x = task_group.start_soon  # ok: await-start-soon
    await start_soon(worker)  # ok: await-start-soon
