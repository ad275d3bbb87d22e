"""`pip install -e .` alone must run the service: every library the code imports is a core dependency."""

import ast
import re
import sys
from importlib import metadata

from ingest.settings import PROJECT_ROOT

PACKAGES = ["api", "ingest", "ontology"]


def imported_modules() -> set[str]:
    names = set()
    for package in PACKAGES:
        for path in (PROJECT_ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import):
                    names |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - set(PACKAGES)


def core_closure() -> set[str]:
    """The distributions `pip install .` brings: the core dependencies and theirs, no extras."""
    seen, pending = set(), [_name(r) for r in metadata.requires("rskg") if "extra ==" not in r]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        pending += [_name(r) for r in requires if "extra ==" not in r]
    return seen


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_imported_library_comes_with_the_core_install():
    owners = metadata.packages_distributions()
    closure = core_closure()
    missing = {
        module: owners.get(module)
        for module in imported_modules()
        if not any(d.lower().replace("_", "-") in closure for d in owners.get(module, [module]))
    }
    assert not missing, f"imported but not installed by `pip install -e .`: {missing}; add them to [project] dependencies"
