"""The rooms of cms_events keep their rules: the import graph is read from the source."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cms_events"


def module_name(path):
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield module_name(path), path


def imports_of(path, *, top_level_only=False):
    """Return the cms_events modules that `path` imports, as absolute dotted names."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            found.add(origin)
            # `from cms_events.calendar import feeds` imports the module `feeds`.
            found.update(f"{origin}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "cms_events" or name.startswith("cms_events.")}


MODULES = dict(source_modules())


def is_view_or_admin(name):
    return (
        name.startswith("cms_events.admin")
        or name.endswith(".views")
        or name in {"cms_events.urls", "cms_events.wagtail_hooks"}
    )


@pytest.mark.parametrize("name", [name for name in MODULES if name.startswith("cms_events.models")])
def test_no_model_module_imports_a_view_or_the_admin(name):
    offending = {target for target in imports_of(MODULES[name]) if is_view_or_admin(target)}
    assert not offending, f"{name} imports {sorted(offending)}"


@pytest.mark.parametrize(
    "name",
    [
        name
        for name in MODULES
        if not name.startswith("cms_events.admin") and name != "cms_events.wagtail_hooks"
    ],
)
def test_the_public_side_does_not_import_the_admin(name):
    offending = {
        target for target in imports_of(MODULES[name]) if target.startswith("cms_events.admin")
    }
    assert not offending, f"{name} imports {sorted(offending)}"


@pytest.mark.parametrize(
    "name", ["cms_events.calendar.ical", "cms_events.sharing.qrcodes", "cms_events.sharing.jsonld"]
)
def test_pure_builders_know_nothing_of_http(name):
    tree = ast.parse(MODULES[name].read_text())
    modules = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    modules |= {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not {m for m in modules if m.startswith(("django.http", "django.shortcuts"))}
    assert not {m for m in modules if is_view_or_admin(m)}


def test_module_level_imports_have_no_cycles():
    graph = {
        name: {target for target in imports_of(path, top_level_only=True) if target in MODULES}
        for name, path in MODULES.items()
    }
    # A package's __init__ is imported on the way to its modules; that edge is no dependency.
    for name, targets in graph.items():
        targets.discard(name)
        targets -= {t for t in targets if name.startswith(t + ".")}
    assert sum(len(targets) for targets in graph.values()) > 50, "the graph was not read"
    visiting, done, cycles = set(), set(), []

    def visit(node, trail):
        if node in done:
            return
        if node in visiting:
            cycles.append([*trail[trail.index(node) :], node])
            return
        visiting.add(node)
        for target in sorted(graph[node]):
            visit(target, [*trail, node])
        visiting.discard(node)
        done.add(node)

    for node in sorted(graph):
        visit(node, [])
    assert not cycles, " ; ".join(" → ".join(cycle) for cycle in cycles)


def test_wagtail_hooks_only_wire():
    tree = ast.parse(MODULES["cms_events.wagtail_hooks"].read_text())
    assert not [node for node in tree.body if isinstance(node, ast.ClassDef)]
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            length = node.end_lineno - node.lineno
            assert length <= 12, f"{node.name} has {length} lines: move its logic out"


def test_the_top_level_holds_only_shared_core_and_wiring():
    top = sorted(path.stem for path in PACKAGE.glob("*.py"))
    rooms = sorted(
        path.name
        for path in PACKAGE.iterdir()
        if path.is_dir() and (path / "__init__.py").exists() and path.name != "migrations"
    )
    assert rooms == [
        "admin",
        "api",
        "calendar",
        "finding",
        "management",
        "models",
        "publishing",
        "registration",
        "sharing",
        "templatetags",
    ]
    assert len(top) <= 16, top
