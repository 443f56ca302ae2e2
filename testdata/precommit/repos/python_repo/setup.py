from setuptools import setup

setup(
    name="hello-hook",
    version="0.1.0",
    packages=["hello_hook"],
    entry_points={"console_scripts": ["py-hello = hello_hook.main:main"]},
)
