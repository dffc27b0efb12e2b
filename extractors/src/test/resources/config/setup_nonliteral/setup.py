import setuptools
from pathlib import Path

BASE = ["anyio>=4", "sniffio"]


def read_requirements(name):
    return [line.strip() for line in Path(name).read_text().splitlines() if line.strip()]


setuptools.setup(
    name="dynamic-deps",
    install_requires=BASE + ["trio>=0.23"],
    tests_require=read_requirements("requirements-test.txt"),
    extras_require={
        "uvloop": ["uvloop>=0.17"],
        "aio": [f"aiohttp>={MIN_AIOHTTP}"],
        "asyncio": [*BASE, "pytest-asyncio"],
    },
)
