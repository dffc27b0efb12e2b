# Fixture of rule removed-anyio-api.
import anyio
import anyio as aio
from anyio import create_event  # expect: removed-anyio-api
from anyio.from_thread import start_blocking_portal  # ok: removed-anyio-api


def portal():
    with anyio.start_blocking_portal() as p:  # expect: removed-anyio-api
        return p


async def main():
    event = create_event()  # expect: removed-anyio-api
    lock = aio.create_lock()  # expect: removed-anyio-api
    async with anyio.open_cancel_scope() as scope:  # expect: removed-anyio-api
        await anyio.run_sync_in_worker_thread(print)  # expect: removed-anyio-api
    event = anyio.Event()  # ok: removed-anyio-api
    with anyio.CancelScope():  # ok: removed-anyio-api
        await anyio.to_thread.run_sync(print)  # ok: removed-anyio-api
    with start_blocking_portal() as p:  # ok: removed-anyio-api
        pass
    try:
        pass
    except anyio.ExceptionGroup:  # expect: removed-anyio-api
        pass
    # anyio.create_event() in a comment  # ok: removed-anyio-api
    text = "anyio.create_event()"  # ok: removed-anyio-api


# A project's own helper named like AnyIO 2's function, and the exceptiongroup backport: not AnyIO's names
from acme.utils.asyncutils import run_sync_in_worker_thread  # ok: removed-anyio-api
from exceptiongroup import ExceptionGroup  # ok: removed-anyio-api


async def project_helpers(paths):
    result = await run_sync_in_worker_thread(sorted, paths)  # ok: removed-anyio-api
    if not result:
        raise ExceptionGroup("no paths", [ValueError(paths)])  # ok: removed-anyio-api
    return result
