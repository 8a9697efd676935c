"""The package's layers: each subpackage imports only from layers below it, and only the
names another subpackage exports from its `__init__`."""

import ast
from pathlib import Path

from .conftest import REPO

PACKAGE = REPO / "generator"
# Lower layers first; a module may import from its own layer and the ones before it.
LAYERS = {"errors": 0, "files": 0, "unchanged": 0, "project": 1, "facts": 1, "pages": 2, "handout": 3,
          "site": 4, "pipeline": 5, "live": 5, "scaffold": 5, "extract": 5, "cli": 6, "__main__": 7,
          "__init__": 0}


def _layer_of(module: str) -> str:
    return module.split(".")[1] if "." in module else "__init__"


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(absolute module, names, line) of every `generator` import in one file."""
    relative = path.relative_to(REPO).with_suffix("")
    package = list(relative.parts)[:-1]  # for an __init__, its own package
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            if module.split(".")[0] == "generator":
                found.append((module, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names
                      if a.name.split(".")[0] == "generator"]
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "example" not in p.parts)


def test_every_module_belongs_to_a_known_layer() -> None:
    for path in _modules():
        module = ".".join(path.relative_to(REPO).with_suffix("").parts)
        assert _layer_of(module) in LAYERS, f"{path}: add its folder to LAYERS in this test"


def test_nothing_imports_a_higher_layer() -> None:
    for path in _modules():
        own = _layer_of(".".join(path.relative_to(REPO).with_suffix("").parts))
        for module, _names, line in _imports(path):
            if module == "generator":
                continue  # `from . import __version__`
            target = _layer_of(module)
            assert LAYERS[target] <= LAYERS[own], (
                f"{path.relative_to(REPO)}:{line}: {own} imports {module}, a higher layer")


def test_subpackages_meet_only_through_what_they_export() -> None:
    for path in _modules():
        module_name = ".".join(path.relative_to(REPO).with_suffix("").parts)
        own = _layer_of(module_name)
        for module, names, line in _imports(path):
            target = _layer_of(module)
            if target == own or module == "generator" or len(module.split(".")) < 2:
                continue
            where = f"{path.relative_to(REPO)}:{line}"
            assert not any(n.startswith("_") for n in names), f"{where}: imports a private name"
            if own == "cli":
                continue  # the command line may load a module on its own, late (serve)
            if (PACKAGE / target).is_dir():
                assert module == f"generator.{target}", (
                    f"{where}: import from generator.{target}, not from its module {module}")


def test_each_subpackage_says_what_it_owns_and_exports_its_names() -> None:
    for folder in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        tree = ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{folder.name}/__init__.py: say what it owns"
        exported = [n for n in tree.body if isinstance(n, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "__all__" for t in n.targets)]
        assert exported, f"{folder.name}/__init__.py: list the names it exports in __all__"


def test_no_module_outgrows_the_limit() -> None:
    for path in _modules():
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 400, f"{path.relative_to(REPO)} has {lines} lines; split it by role"
