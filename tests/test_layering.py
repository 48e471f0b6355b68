"""DESIGN.md's layering holds: no app imports an app above it, not even by naming its models in a
string. The layers are written once, in `.importlinter` at the repository root:

    core, notifications ← participants, volunteers ← matching, courses ← privacy, reports,
    dashboard ← demo

- import-linter checks real imports (`import x`, `from x import y`, also inside functions).
- An AST walk checks what import-linter cannot see: a model named by a string —
  `apps.get_model("matching", "Match")`, `apps.get_model("matching.Match")`,
  `ForeignKey("matching.Match")`, `_model("courses.Enrollment")` — in an app below the one that
  owns the model. Migrations are left out: they name other apps' models by design.
"""

import ast
import configparser
import subprocess
import sys
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / ".importlinter"

# Upward references by string that are allowed: none since the participant-data registry
# (core/registry.py) landed. Each entry would be (file, "app_label.Model"); the test fails on any
# reference not listed here AND on any listed one that is gone. Do not add to it: offer a hook or
# registry in the lower app instead (docs/developers.md, "The layering rule").
KNOWN_VIOLATIONS: set[tuple[str, str]] = set()


def _config() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(CONFIG, encoding="utf-8")
    return parser


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.strip().splitlines() if line.strip()]


def _layer_of() -> dict[str, int]:
    """Each app's layer, 0 for the lowest, from the layers contract in `.importlinter`."""
    layers = _lines(_config()["importlinter:contract:layers"]["layers"])
    rank = {}
    for height, layer in enumerate(reversed(layers)):
        for name in layer.replace("|", ":").split(":"):
            rank[name.strip().strip("()")] = height
    return rank


def _project_apps() -> dict[str, Path]:
    """The project's own apps (folders at the repository root), by label."""
    found = {}
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.parent == ROOT:
            found[config.label] = path
    return found


def test_every_app_has_a_place_in_the_layers():
    """A new app (e.g. `privacy`) must be listed in `.importlinter`'s root_packages (or
    import-linter cannot see its imports) and in a layer (or it has no place in DESIGN.md)."""
    roots = set(_lines(_config()["importlinter"]["root_packages"]))
    layered = set(_layer_of())
    for label in _project_apps():
        assert label in roots, f"add `{label}` to root_packages in .importlinter"
        assert label in layered, f"put `{label}` in a layer of .importlinter's layers contract"


def test_no_app_imports_an_app_above_it():
    result = subprocess.run(  # noqa: S603 - our own venv's lint-imports on our own config
        [
            str(Path(sys.executable).parent / "lint-imports"),
            str(CONFIG),
            "--no-cache",
            "--no-logo",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def _model_label(app_label: str, model_name: str) -> str | None:
    try:
        return apps.get_model(app_label, model_name)._meta.label
    except LookupError:
        return None


def _named_models(tree: ast.AST):
    """Every model the code names by string: "app.Model" anywhere (ForeignKey, get_model, a
    helper like `_model(...)`, a dict key), and ("app", "Model") as a call's first two arguments
    (`apps.get_model("matching", "Match")`)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            app_label, dot, model_name = node.value.partition(".")
            if dot and app_label.isidentifier() and model_name.isidentifier():
                label = _model_label(app_label, model_name)
                if label:
                    yield label
        elif isinstance(node, ast.Call) and len(node.args) >= 2:
            first, second = (_string(arg) for arg in node.args[:2])
            if first.isidentifier() and second.isidentifier():
                label = _model_label(first, second)
                if label:
                    yield label


def _string(node: ast.AST) -> str:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""


def upward_references() -> set[tuple[str, str]]:
    """(file, "app_label.Model") for every model named by string in an app below its owner."""
    layer = _layer_of()
    found = set()
    for label, path in _project_apps().items():
        for source in sorted(path.rglob("*.py")):
            if "migrations" in source.relative_to(path).parts:
                continue
            tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
            for named in _named_models(tree):
                owner = named.split(".")[0]
                if layer.get(owner, -1) > layer.get(label, -1):
                    found.add((source.relative_to(ROOT).as_posix(), named))
    return found


def test_no_app_names_a_model_of_an_app_above_it_by_string():
    found = upward_references()
    new = sorted(found - KNOWN_VIOLATIONS)
    assert not new, (
        "a lower app names a model of an app above it by string (an upward import in disguise); "
        f"offer a hook or registry instead: {new}"
    )
    gone = sorted(KNOWN_VIOLATIONS - found)
    assert not gone, f"fixed, so remove from KNOWN_VIOLATIONS in tests/test_layering.py: {gone}"
