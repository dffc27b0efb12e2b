# Fixture of rule cancellation-swallowed.
import asyncio

import anyio
from anyio import get_cancelled_exc_class


async def bare():
    try:
        await anyio.sleep(1)
    except:  # expect: cancellation-swallowed
        pass


async def cancelled():
    try:
        await anyio.sleep(1)
    except asyncio.CancelledError:  # expect: cancellation-swallowed
        return None
    try:
        async with anyio.create_task_group():
            pass
    except get_cancelled_exc_class():  # expect: cancellation-swallowed
        print("cancelled")
    try:
        await anyio.sleep(1)
    except (ValueError, anyio.get_cancelled_exc_class()) as e:  # expect: cancellation-swallowed
        log(e)
    try:
        await anyio.sleep(1)
    except BaseException as e:  # expect: cancellation-swallowed
        log(e)


async def reraised():
    try:
        await anyio.sleep(1)
    except asyncio.CancelledError:  # ok: cancellation-swallowed
        cleanup()
        raise
    try:
        await anyio.sleep(1)
    except BaseException:  # ok: cancellation-swallowed
        if cleanup():
            raise
    try:
        await anyio.sleep(1)
    except Exception:  # ok: cancellation-swallowed
        pass
    try:
        await anyio.sleep(1)
    except BaseExceptionGroup:  # ok: cancellation-swallowed
        pass
    try:
        compute()
    except:  # ok: cancellation-swallowed
        pass


def not_async():
    try:
        anyio.run(main)
    except BaseException:  # ok: cancellation-swallowed
        pass


async def stop_child(task):
    # asyncio's cancel-then-await idiom: the CancelledError caught is the child's
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:  # ok: cancellation-swallowed
        pass
    try:
        await task
    except asyncio.CancelledError:  # expect: cancellation-swallowed
        pass
    try:
        task.cancel()
        await task
    except asyncio.CancelledError:  # ok: cancellation-swallowed
        pass


async def test_shield_holds():
    with anyio.CancelScope() as outer, anyio.CancelScope(shield=True):
        outer.cancel()
        try:
            await anyio.lowlevel.checkpoint()
        except get_cancelled_exc_class():  # ok: cancellation-swallowed
            pytest.fail("the shield did not hold")
