"""`make test` needs no network; the dependency audit is `make audit`, which CI runs only when the
vulnerability data answers (.ci/audit), and otherwise says plainly that it did not run."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pypi_stub import closed_port_url, serving_pypi

ROOT = Path(__file__).resolve().parents[2]


def dry_run(target):
    # Not as a sub-make of the `make test` that runs this suite: no inherited flags, no
    # "Entering directory" lines.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    result = subprocess.run(  # noqa: S603
        [shutil.which("make"), "--no-print-directory", "-n", "-o", ".venv/.synced", target],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_make_test_runs_no_dependency_audit_and_make_audit_probes_first():
    test = dry_run("test")
    assert "bandit" in test
    assert "pytest" in test
    assert "pip-audit" not in test
    assert "audit_dependencies" not in test
    audit = dry_run("audit").splitlines()
    assert "scripts/audit_dependencies.py --probe" in audit[0]
    assert any("pip-audit" in line for line in audit[1:])


@pytest.fixture
def pypi_stub():
    with serving_pypi({"info": {"version": "1.0"}, "releases": {}}) as url:
        yield url


def ci_audit(tmp_path, pypi_url, make_exit=0, make_says="dependency audit: 0 known"):
    """.ci/audit with a stand-in `make` that records its arguments and answers as told."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "make-calls"
    fake = bin_dir / "make"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {calls}\necho "{make_says}"\nexit {make_exit}\n')
    fake.chmod(0o755)
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PYTHON": sys.executable,
        "PYPI_JSON_URL": pypi_url,
    }
    result = subprocess.run(  # noqa: S603
        [shutil.which("bash"), str(ROOT / ".ci" / "audit")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    made = calls.read_text().split("\n")[:-1] if calls.exists() else []
    return result, made


def test_ci_skips_the_audit_with_a_clear_message_when_the_data_is_unreachable(tmp_path):
    result, made = ci_audit(tmp_path, closed_port_url())
    assert result.returncode == 0
    assert made == []
    assert "NOT RUN by CI" in result.stdout


def test_ci_runs_make_audit_when_the_data_answers(tmp_path, pypi_stub):
    result, made = ci_audit(tmp_path, pypi_stub)
    assert result.returncode == 0
    assert made == ["audit"]


def test_ci_fails_on_a_known_vulnerability(tmp_path, pypi_stub):
    result, made = ci_audit(tmp_path, pypi_stub, make_exit=2, make_says="VULNERABLE django 5.2")
    assert made == ["audit"]
    assert result.returncode != 0


def test_ci_does_not_fail_when_the_data_stops_answering_mid_audit(tmp_path, pypi_stub):
    says = "dependency audit: COULD NOT RUN: no vulnerability data reachable for any package"
    result, _ = ci_audit(tmp_path, pypi_stub, make_exit=2, make_says=says)
    assert result.returncode == 0
    assert "NOT RUN by CI" in result.stdout


def test_ci_runs_the_audit_between_the_two_test_passes():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "bash .ci/audit" in ci
    assert ci.index("make test\n") < ci.index("bash .ci/audit") < ci.rindex("make test")
