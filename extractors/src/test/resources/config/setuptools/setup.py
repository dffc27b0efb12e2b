#!/usr/bin/env python
import os

from setuptools import find_packages, setup

HERE = os.path.dirname(__file__)

setup(
    name="aio-tools",
    version="1.0.0",
    packages=find_packages(exclude=["tests"]),
    python_requires=">=3.8",
    install_requires=[
        "anyio>=3.7,<5",
        'sniffio>=1.1',  # always needed
        "requests",
        "async-timeout>=4.0; python_version<'3.11'",
    ],
    tests_require=("pytest-asyncio>=0.21", "pytest-trio"),
    extras_require={
        "trio": ["trio>=0.22", "trio-asyncio"],
        # the HTTP client is optional
        "http": [
            "aiohttp" ">=3.8",
        ],
        "docs": ["sphinx"],
    },
    entry_points={"console_scripts": ["aio-tools=aio_tools.cli:main"]},
)
