# An asyncio-only test file whose project module has a name AnyIO also has (`streams`): the file imports no AnyIO,
# so its asyncio calls are no migration mistake. With `from anyio import streams` in its place, the `# expect` line
# is a finding.
import asyncio

from acme.http import streams


async def test_reader_eof():
    loop = asyncio.get_running_loop()  # expect: asyncio-api-under-anyio
    reader = streams.StreamReader(limit=1, loop=loop)
    reader.feed_eof()
    assert await reader.read() == b""
