"""The benchmarks start with only what `make bench` installs: no test requirements."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.catalog import BENCHMARKS

ROOT = Path(__file__).resolve().parent.parent
# Installed by requirements-dev.txt only; the benchmarks must not need them.
DEV_ONLY = ("pytest", "aiosmtpd", "schemathesis", "playwright", "importlinter")


def _test_helpers_used(script: Path) -> set[str]:
    """The tests.* modules a benchmark imports, at the top or inside functions."""
    return {
        node.module
        for node in ast.walk(ast.parse(script.read_text()))
        if isinstance(node, ast.ImportFrom)
        and node.module
        and node.module.startswith(("tests.", "bench."))
    }


def test_the_catalog_lists_every_runnable_benchmark():
    runnable = {
        path.stem
        for path in (ROOT / "bench").glob("*.py")
        if "argparse" in path.read_text() and path.stem != "catalog"
    }
    assert runnable == {name for name, _what, _smallest in BENCHMARKS}


@pytest.fixture(scope="module")
def without_dev_requirements(tmp_path_factory) -> dict:
    """An environment where importing a dev-only package fails, as on a machine
    where only `make bench` installed anything."""
    blocked = tmp_path_factory.mktemp("dev-only-packages")
    for name in DEV_ONLY:
        (blocked / f"{name}.py").write_text(
            f"raise ImportError('{name} is a test requirement')\n"
        )
    return {**os.environ, "PYTHONPATH": str(blocked)}


def _run(command: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("name", [name for name, _what, _smallest in BENCHMARKS])
def test_a_benchmark_starts_without_the_test_requirements(
    name, without_dev_requirements
):
    script = ROOT / "bench" / f"{name}.py"
    # As `python bench/NAME.py` runs it: bench/ first on sys.path.
    started = _run([sys.executable, str(script), "--help"], without_dev_requirements)
    assert started.returncode == 0, started.stderr
    assert "usage:" in started.stdout
    # And the helpers it imports later, inside its functions.
    helpers = sorted(_test_helpers_used(script))
    imports = "; ".join(f"import {module}" for module in helpers) or "pass"
    loaded = _run([sys.executable, "-c", imports], without_dev_requirements)
    assert loaded.returncode == 0, loaded.stderr
