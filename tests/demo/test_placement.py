"""Demo data lives only in the demo app: no runtime app holds a demo module (a feature that wants
to show in the demo adds to its builder in demo/builders/), and nothing imports the demo app
(tests/test_layering.py keeps it at the top of the layering)."""

from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]


def test_no_runtime_app_holds_demo_code():
    misplaced = [
        source.relative_to(ROOT).as_posix()
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == ROOT and config.label != "demo"
        for source in Path(config.path).rglob("*.py")
        if "demo" in source.stem
    ]
    assert not misplaced, f"move into demo/builders/ and run it from seed_demo: {misplaced}"
