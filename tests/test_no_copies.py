"""One helper per idea (issue 14, point 5): no block of six lines of runtime code stands in two
places. A copy is a bug waiting to be fixed in one place only; give the idea one home and call it.

What counts: the Python files of the app packages (and `peerplatform/`), `demo/` included (the
demo builders are maintained code that `seed_demo` runs, and copies there drift like any other),
without migrations (generated, never edited) and tests (tables of cases repeat on purpose). Lines
are compared after stripping: blank lines, comments, imports and docstrings do not count, nor do
field lists, which repeat by nature: a class body's declarations (`name = models.X(...)`, a form's
`name = forms.X(...)`, a dataclass's `name: int = 0`) and every assignment in a model's class
body or its `Meta`. A block needs at least
four lines that say something: closing brackets, `else:`, decorators and lone names or strings in
a list (`"created_at",`) do not.

Stdlib only and fast: it reads the files as text and parses them with `ast` and `tokenize`.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = [
    "peerplatform",
    "core",
    "notifications",
    "participants",
    "volunteers",
    "plans",
    "matching",
    "courses",
    "activities",
    "privacy",
    "reports",
    "dashboard",
    "demo",
]
BLOCK = 6  # consecutive normalised lines
SUBSTANTIVE = 4  # of which at least this many are more than punctuation or a keyword

# A copy that must stay for a while (say, while another branch rewrites those files): the two
# files and the first line of the shared block, exactly as the failure names them. None today;
# an entry that no longer matches fails the test, so the list cannot go stale.
ALLOWED: set[tuple[str, str, str]] = set()

TRIVIAL = re.compile(
    r"[()\[\]{},:;]*|else:|try:|finally:|pass|return|continue|break|\**[\w.]+,?"
    r"|\"[^\"]*\",?|'[^']*',?|\w+=\w+,?"
)


def _skipped_lines(tree: ast.AST, path: Path) -> set[int]:
    """Lines of imports, docstrings and field lists."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            skipped.update(range(node.lineno, node.end_lineno + 1))
        body = getattr(node, "body", None)
        if isinstance(body, list) and body:
            first = body[0]
            if (
                isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                and isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                skipped.update(range(first.lineno, first.end_lineno + 1))
        if isinstance(node, ast.ClassDef):
            in_model = path.name == "models.py"  # a model's, or its Meta's, declarations
            for statement in node.body:
                declares = isinstance(statement, ast.AnnAssign) or (
                    isinstance(statement, ast.Assign)
                    and (in_model or isinstance(statement.value, ast.Call))
                )
                if declares:
                    skipped.update(range(statement.lineno, statement.end_lineno + 1))
    return skipped


def normalised_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of the lines that count, stripped and without comments."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, col = token.start
            lines[row - 1] = lines[row - 1][:col]
    skipped = _skipped_lines(ast.parse(source), path)
    kept = []
    for number, line in enumerate(lines, start=1):
        text = " ".join(line.split())
        if text and number not in skipped:
            kept.append((number, text))
    return kept


def _files() -> list[Path]:
    files = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "tests" in parts:
                continue
            files.append(path)
    return files


def _substantive(block: tuple[str, ...]) -> bool:
    return (
        sum(1 for line in block if not (TRIVIAL.fullmatch(line) or line.startswith("@")))
        >= SUBSTANTIVE
    )


def find_copies(files: list[Path]) -> list[tuple[str, str, str]]:
    """(place, other place, first line) for every block of BLOCK lines found twice."""
    seen: dict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
    for path in files:
        name = path.relative_to(ROOT).as_posix()
        lines = normalised_lines(path)
        for start in range(len(lines) - BLOCK + 1):
            block = tuple(text for _number, text in lines[start : start + BLOCK])
            if _substantive(block):
                seen[block].append((name, lines[start][0]))
    copies = {}
    for block, places in seen.items():
        first_name, first_line = places[0]
        for name, line in places[1:]:
            if name == first_name and line - first_line < BLOCK:
                continue  # the same lines overlapping themselves (a run of alike lines)
            pair = (first_name, name)
            # One finding per pair of files: the first block, where a longer copy starts.
            if pair not in copies:
                copies[pair] = (f"{first_name}:{first_line}", f"{name}:{line}", block[0])
    return sorted(copies.values())


def test_finds_a_copied_block(tmp_path):
    block = "\n".join(f"    total += values[{i}] * weights[{i}]" for i in range(6))
    one = tmp_path / "one.py"
    two = tmp_path / "two.py"
    one.write_text(f'"""Doc."""\nimport os\n\n\ndef a(values, weights):\n    total = 0\n{block}\n')
    two.write_text(f"def b(values, weights):\n    # the same\n    total = 0\n\n{block}\n")
    global ROOT
    real, ROOT = ROOT, tmp_path
    try:
        [(first, second, line)] = find_copies([one, two])
    finally:
        ROOT = real
    assert (first, second) == ("one.py:6", "two.py:3")
    assert line == "total = 0"


def test_no_block_of_six_lines_is_copied_in_runtime_code():
    found = find_copies(_files())
    copies = [
        f"{first} ~ {second} (starting {line!r})"
        for first, second, line in found
        if (first.split(":")[0], second.split(":")[0], line) not in ALLOWED
    ]
    assert copies == [], "Give each idea one helper:\n" + "\n".join(copies)
    stale = ALLOWED - {(a.split(":")[0], b.split(":")[0], line) for a, b, line in found}
    assert not stale, f"Allowed copies that are gone (remove them from ALLOWED): {sorted(stale)}"
