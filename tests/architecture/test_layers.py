"""The package's shape: stages import only downward, no import cycle, only the build layer knows MkDocs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "djkb"

# Lower layers never import higher ones (same rank: only within one subpackage).
LAYERS = {
    "errors": 0,
    "project": 0,
    "kept": 0,
    "data": 1,
    "pages": 2,
    "search": 2,
    "wordimport": 2,
    "bundle": 3,
    "build": 4,
    "devtools": 5,
    "cli": 6,
    "__main__": 7,
}
# Modules that may import MkDocs or Material: the build layer and the bundle's builder.
MKDOCS_AWARE = ("djkb.build.", "djkb.bundle.build")
# Optional imports of the theme outside those, each guarded by `except ImportError` (the reason is at the import).
OPTIONAL_THEME_IMPORTS = {("djkb.pages.visible_text", "material.extensions.emoji")}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:  # relative: resolve against this module's package
                    package = module_name(path).split(".")
                    if path.name != "__init__.py":
                        package = package[:-1]
                    package = package[: len(package) - child.level + 1]
                    base = ".".join(package + ([base] if base else []))
                found.append((base, child.lineno, in_function))
                # `from djkb.pages import render` imports the module djkb.pages.render
                found.extend((f"{base}.{alias.name}", child.lineno, in_function) for alias in child.names)
            visit(child, nested)

    visit(tree, False)
    return found


def package_modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE.rglob("*.py")}


def layer_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") else "__init__"


def test_every_module_has_a_layer():
    unknown = sorted(m for m in package_modules() if m != "djkb" and layer_of(m) not in LAYERS)
    assert unknown == [], f"modules outside the layer table (add them to LAYERS or move them): {unknown}"


def test_imports_only_go_downward():
    modules = package_modules()
    wrong = []
    for name, path in modules.items():
        if name == "djkb":
            continue
        here = layer_of(name)
        for target, line, _ in imports_of(path):
            if target not in modules or target == "djkb":
                continue
            there = layer_of(target)
            if there == here:
                continue
            if LAYERS[there] >= LAYERS[here]:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {name} ({here}) imports {target} ({there})")
    assert wrong == []


def test_no_import_cycle():
    modules = package_modules()
    graph = {
        name: sorted({t for t, _, _ in imports_of(path) if t in modules and t != name and t != "djkb"})
        for name, path in modules.items()
    }
    # A package's __init__ importing its own submodules is how a package exposes them, not a cycle in the code.
    for name in graph:
        graph[name] = [t for t in graph[name] if not t.startswith(name + ".")]
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in graph[node]:
            if state.get(target) == 1:
                cycles.append(stack[stack.index(target) :] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


def test_only_the_build_layer_imports_mkdocs():
    wrong = []
    for name, path in package_modules().items():
        if name.startswith(MKDOCS_AWARE) or name == "djkb.bundle.build":
            continue
        for target, line, _ in imports_of(path):
            if (
                target.split(".")[0] in ("mkdocs", "material")
                and (name, target.rsplit(".", 1)[0]) not in OPTIONAL_THEME_IMPORTS
                and (name, target) not in OPTIONAL_THEME_IMPORTS
            ):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {target}")
    assert wrong == []


def test_function_level_imports_say_why():
    """An import inside a function is there to keep start-up short (or to use an optional tool); it says so."""
    silent = []
    for name, path in package_modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for target, line, in_function in imports_of(path):
            if not in_function:
                continue
            # the reason: a comment on the import's line, or on a comment line just above its block of imports
            above = line - 2
            while above >= 0 and lines[above].strip().startswith(("from ", "import ")):
                above -= 1
            if "#" not in lines[line - 1] and not (above >= 0 and lines[above].strip().startswith("#")):
                silent.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {lines[line - 1].strip()}")
    assert sorted(set(silent)) == []


@pytest.mark.parametrize("layer", sorted(set(LAYERS) - {"__main__", "errors", "project", "kept"}))
def test_layer_folders_exist(layer):
    assert (PACKAGE / layer / "__init__.py").is_file()
