"""The shape of the code, as docs/architecture.md writes it: apps in layers, each importing only
from the layers below it (so no two apps import each other), and no long function."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "citeduc"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
LONGEST_FUNCTION = 60


def layers() -> list[set[str]]:
    """The layers of the ```couches block of docs/architecture.md, lowest first."""
    block = re.search(r"```couches\n(.*?)```", ARCHITECTURE.read_text(encoding="utf-8"), re.S)
    assert block, "docs/architecture.md n'a plus de bloc ```couches"
    return [set(line.split()) for line in block.group(1).splitlines() if line.strip()]


def source_files() -> list[Path]:
    """The application's modules: everything under citeduc/ but the tests."""
    return sorted(p for p in PACKAGE.rglob("*.py") if "tests" not in p.relative_to(PACKAGE).parts)


def imported_apps(path: Path) -> list[tuple[int, str]]:
    """(line, app) of every import of another citeduc app in a module, at any depth (an import
    inside a function is a dependency too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "citeduc":
            apps = {a.name for a in node.names}  # from citeduc import funding
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            apps = {node.module.split(".")[1]} if node.module.startswith("citeduc.") else set()
        elif isinstance(node, ast.Import):
            apps = {a.name.split(".")[1] for a in node.names if a.name.startswith("citeduc.")}
        else:
            continue
        found += [(node.lineno, app) for app in sorted(apps)]
    return found


def app_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


def test_the_layers_name_every_app_once() -> None:
    named = [app for layer in layers() for app in layer]
    installed = [a.split(".")[1] for a in settings.INSTALLED_APPS if a.startswith("citeduc.")]
    packages = [p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()]
    assert sorted(named) == sorted(set(named)), "une app figure deux fois dans les couches"
    assert sorted(named) == sorted(installed) == sorted(packages)


def test_every_import_goes_down_the_layers() -> None:
    rank = {app: level for level, layer in enumerate(layers()) for app in layer}
    wrong = []
    for path in source_files():
        here = app_of(path)
        for line, there in imported_apps(path):
            if there != here and rank[there] >= rank[here]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} {here} → {there}")
    assert wrong == [], "imports contre les couches :\n" + "\n".join(wrong)


def test_no_two_apps_import_each_other() -> None:
    """Implied by the layers, said on its own: the cycle is what the layers exist to prevent."""
    edges = {
        (app_of(path), there)
        for path in source_files()
        for _line, there in imported_apps(path)
        if there != app_of(path)
    }
    assert sorted((a, b) for a, b in edges if (b, a) in edges) == []


def test_no_function_is_over_sixty_lines() -> None:
    """Migrations are generated; everything else is read by people."""
    long = []
    for path in source_files() + sorted((ROOT / "config").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > LONGEST_FUNCTION:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length})")
    assert long == [], "fonctions de plus de 60 lignes :\n" + "\n".join(long)


def test_the_import_walk_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    """The walk must not miss the imports that hide from a module's top."""
    module = tmp_path / "m.py"
    module.write_text(
        "from citeduc.territory.models import CiteEducative\n"
        "def f():\n    from citeduc.funding import rules\n    import citeduc.reviews.models\n"
        "    from citeduc import national\n",
        encoding="utf-8",
    )
    assert sorted(imported_apps(module)) == [
        (1, "territory"),
        (3, "funding"),
        (4, "reviews"),
        (5, "national"),
    ]
