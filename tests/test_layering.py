"""The shape of the house, read from the source: who may import whom.

`danvan` is the ground floor, `conferences` and `models_registry` are siblings
on it, `reports` is the top floor that reads both; no module imports another
that imports it back, at the top of the file or inside a function.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ["danvan", "conferences", "models_registry", "reports", "devdata"]
MAY_NOT_IMPORT = {
    "danvan": {"conferences", "models_registry", "reports", "devdata"},
    "conferences": {"models_registry", "reports", "devdata"},
    "models_registry": {"conferences", "reports", "devdata"},
    "reports": {"devdata"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Every project module and the project modules it names in an import statement, anywhere in it."""
    graph = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            names = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names.add(node.module)
                    names.update(f"{node.module}.{alias.name}" for alias in node.names)
            graph[_module_name(path)] = {name for name in names if name.split(".")[0] in PACKAGES}
    return graph


def test_each_floor_imports_only_the_floors_below_it():
    crossings = [
        f"{module} imports {name}"
        for module, names in _imports().items()
        for name in names
        if name.split(".")[0] in MAY_NOT_IMPORT.get(module.split(".")[0], set())
    ]
    assert crossings == []


def test_no_module_imports_one_that_imports_it_back():
    graph = _imports()
    modules = set(graph)
    pairs = set()
    for module, names in graph.items():
        for name in names & modules:
            # A package's __init__ re-exporting its own modules is not a cycle between two modules.
            related = name.startswith(f"{module}.") or module.startswith(f"{name}.")
            if not related and module in graph.get(name, set()):
                pairs.add(tuple(sorted((module, name))))
    assert sorted(pairs) == []
