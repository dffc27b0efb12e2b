# Fixture of rule coroutine-passed-as-function.
import copy
import functools
from functools import partial

import anyio
import anyio as aio
import trio
from anyio import run as anyio_run
from trio import run


async def main(arg=None):
    await anyio.sleep(0)


anyio.run(main())  # expect: coroutine-passed-as-function
aio.run(main(1))  # expect: coroutine-passed-as-function
anyio_run(main())  # expect: coroutine-passed-as-function
trio.run(main())  # expect: coroutine-passed-as-function
run(main())  # expect: coroutine-passed-as-function
anyio.run(main)  # ok: coroutine-passed-as-function
anyio.run(main, 1)  # ok: coroutine-passed-as-function
anyio.run(partial(main, arg=1))  # ok: coroutine-passed-as-function
trio.run(functools.partial(main, arg=1))  # ok: coroutine-passed-as-function
anyio.to_thread.run_sync(print)  # ok: coroutine-passed-as-function
loop.run(main())  # ok: coroutine-passed-as-function


async def spawn():
    async with anyio.create_task_group() as tg:
        tg.start_soon(main())  # expect: coroutine-passed-as-function
        tg.start_soon(main, 1)  # ok: coroutine-passed-as-function
        tg.start_soon(partial(main, arg=2))  # ok: coroutine-passed-as-function
        await tg.start(main())  # expect: coroutine-passed-as-function
    executor.start(main())  # ok: coroutine-passed-as-function


async def raiser(name):
    raise ValueError(name)


async def protected():
    # trio's KI-protection decorators applied in place return the function
    async with trio.open_nursery() as nursery:
        nursery.start_soon(trio.lowlevel.enable_ki_protection(raiser), "r1")  # ok: coroutine-passed-as-function
        nursery.start_soon(raiser("r2"))  # expect: coroutine-passed-as-function
    trio.run(trio.lowlevel.disable_ki_protection(main))  # ok: coroutine-passed-as-function


async def run_copies(flow):
    async with anyio.create_task_group() as tg:
        tg.start_soon(copy.deepcopy(flow))  # ok: coroutine-passed-as-function
