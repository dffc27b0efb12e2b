# Fixture of rule asyncio-timeout-error-around-fail-after.
import asyncio
from asyncio import TimeoutError as AsyncioTimeout

import anyio
import trio


async def fetch():
    try:
        with anyio.fail_after(5):
            await anyio.sleep(10)
    except asyncio.TimeoutError:  # expect: asyncio-timeout-error-around-fail-after
        pass
    try:
        with anyio.move_on_after(5) as scope:
            await anyio.sleep(10)
    except (asyncio.TimeoutError, ValueError) as e:  # expect: asyncio-timeout-error-around-fail-after
        pass
    try:
        if True:
            with trio.fail_after(1):
                await trio.sleep(2)
    except AsyncioTimeout:  # expect: asyncio-timeout-error-around-fail-after
        pass
    try:
        with anyio.fail_after(5):
            await anyio.sleep(10)
    except TimeoutError:  # ok: asyncio-timeout-error-around-fail-after
        pass
    try:
        await asyncio.wait_for(anyio.sleep(10), 5)
    except asyncio.TimeoutError:  # ok: asyncio-timeout-error-around-fail-after
        pass
    try:
        with anyio.fail_after(5):
            await anyio.sleep(10)
    except ValueError:  # ok: asyncio-timeout-error-around-fail-after
        raise asyncio.TimeoutError()
