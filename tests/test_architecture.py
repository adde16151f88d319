"""The shape of app/: import contracts, package and file sizes, lean imports."""

import configparser
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import EDGE_MODULES

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
MAX_PACKAGE_SHARE = 0.20
MAX_FILE_LINES = 400


def _lines(path: Path) -> int:
    with path.open(encoding="utf-8") as source:
        return sum(1 for _ in source)


def _python_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def test_import_contracts_hold():
    """The layers, edge and independence contracts in .importlinter (import-linter)."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    command = (
        str(lint_imports) if lint_imports.exists() else shutil.which("lint-imports")
    )
    assert command, "import-linter is not installed (requirements-dev.txt)"
    result = subprocess.run(
        [command, "--config", str(ROOT / ".importlinter"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _contract_modules(contract: str, option: str) -> list[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return config[f"importlinter:contract:{contract}"][option].split()


@pytest.mark.parametrize("contract", ["no-foreign-edges", "rules-below-edges"])
def test_every_route_module_is_an_edge_in_the_contracts(contract):
    """A route module added to EDGE_MODULES is also one the contracts protect."""
    patterns = [
        re.compile("^" + re.escape(name).replace(r"\*", r"[^.]+") + "$")
        for name in _contract_modules(contract, "forbidden_modules")
    ]
    unprotected = [
        module
        for module in EDGE_MODULES
        if not any(pattern.match(module) for pattern in patterns)
    ]
    assert not unprotected, f"add to .importlinter [{contract}]: {unprotected}"


def test_no_package_holds_more_than_a_fifth_of_app():
    total = sum(_lines(path) for path in _python_files(APP))
    shares = {
        package.name: sum(_lines(path) for path in _python_files(package)) / total
        for package in APP.iterdir()
        if (package / "__init__.py").exists()
    }
    too_big = {
        name: f"{share:.0%}"
        for name, share in shares.items()
        if share > MAX_PACKAGE_SHARE
    }
    assert shares, "no packages found under app/"
    assert not too_big, f"packages over {MAX_PACKAGE_SHARE:.0%} of app/: {too_big}"


def test_no_file_in_app_is_over_400_lines():
    long_files = {
        str(path.relative_to(ROOT)): _lines(path)
        for path in _python_files(APP)
        if _lines(path) > MAX_FILE_LINES
    }
    assert not long_files, f"split these by concern: {long_files}"


ROUTE_MODULES = set(EDGE_MODULES) | {"app.cli", "app.docs"}


@pytest.mark.parametrize(
    "module",
    [
        "app.ai.evaluator",
        "app.ai.providers",
        "app.live.conductor",
        "app.scoring.service",
        "app.results.service",
        "app.interviews.service",
        "app.invitations.service",
        "app.auth.service",
        "app.analytics.service",
        "app.mail",
        "app.models",
    ],
)
def test_importing_a_service_loads_no_route_module(module):
    """A fresh interpreter imports the module; no page, API or socket module comes
    along (the package __init__s hold only their blueprint)."""
    probe = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        "from app.extensions import socketio\n"
        "print(len(socketio.namespace_handlers))\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('app'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    namespaces, modules = result.stdout.strip().splitlines()[-2:]
    loaded = set(json.loads(modules))
    assert module in loaded
    assert not loaded & ROUTE_MODULES, sorted(loaded & ROUTE_MODULES)
    assert namespaces == "0", "importing a service registered a Socket.IO namespace"
