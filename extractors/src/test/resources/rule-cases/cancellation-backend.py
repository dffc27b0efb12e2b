# A module implementing an async backend: it turns a task's outcome, cancellation included, into a value or an error
# for someone else by design. Without the Backend class below, the `# expect` lines are findings.
import trio

from anyio.abc import AsyncBackend


async def run_and_capture(awaitable, outcomes):
    try:
        retval = await awaitable
    except BaseException as exc:  # expect: cancellation-swallowed
        outcomes.append(("error", exc))
    else:
        outcomes.append(("value", retval))


async def close_workers(workers):
    try:
        await trio.sleep_forever()
    except trio.Cancelled:  # expect: cancellation-swallowed
        for worker in workers:
            worker.kill()


class TrioBackend(AsyncBackend):
    pass
