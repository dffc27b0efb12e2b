from setuptools import setup

setup(
    name="crlf",
    install_requires=[
        "anyio>=4",
        "trio",
    ],
)
