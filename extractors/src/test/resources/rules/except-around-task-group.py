# Fixture of rule except-around-task-group.
import asyncio

import anyio
import trio
from anyio import create_task_group


async def main():
    try:
        async with anyio.create_task_group() as tg:
            tg.start_soon(job)
    except ValueError:  # expect: except-around-task-group
        pass
    except (KeyError, OSError) as e:  # expect: except-around-task-group
        pass
    try:
        async with trio.open_nursery() as nursery:
            for i in range(3):
                await nursery.start(job, i)
    except trio.Cancelled:  # expect: except-around-task-group
        raise
    try:
        async with create_task_group() as tg:
            tg.start_soon(job)
    except* ValueError:  # ok: except-around-task-group
        pass
    try:
        async with create_task_group() as tg:
            tg.start_soon(job)
    except Exception:  # ok: except-around-task-group
        pass
    except ExceptionGroup:  # ok: except-around-task-group
        pass
    try:
        async with create_task_group() as tg:
            await job()
    except ValueError:  # ok: except-around-task-group
        pass
    try:
        async with some_lock:
            job.start_soon()
    except ValueError:  # ok: except-around-task-group
        pass


async def serve(worker):
    # AnyIO 4 lets a cancellation out of a task group unwrapped
    try:
        async with anyio.create_task_group() as tg:
            tg.start_soon(worker.run)
    except asyncio.CancelledError:  # ok: except-around-task-group
        print("stopped")
        raise
    try:
        async with anyio.create_task_group() as tg:
            tg.start_soon(worker.run)
    except anyio.get_cancelled_exc_class():  # ok: except-around-task-group
        print("stopped")
        raise
