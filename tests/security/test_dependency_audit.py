"""The dependency audit behind `make audit` (scripts/audit_dependencies.py).

PyPI is replaced by project pages built here, so the tests say what a maintainer sees when a
pinned package has a known vulnerability, is behind its series, or cannot be checked.
"""

import importlib.util
import io
import json
import sys
from pathlib import Path

import pytest

from tests.pypi_stub import closed_port_url, serving_pypi

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_dependencies.py"
spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
audit_dependencies = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = audit_dependencies  # dataclasses look their module up there
spec.loader.exec_module(audit_dependencies)


def project(latest, releases=(), vulns=(), requires_python=None, yanked=()):
    return {
        "info": {"version": latest, "requires_python": requires_python},
        "releases": {release: [{"yanked": release in yanked}] for release in (*releases, latest)},
        "vulnerabilities": list(vulns),
    }


def vuln(vuln_id, withdrawn=None):
    return {"id": vuln_id, "aliases": [], "fixed_in": [], "withdrawn": withdrawn}


def run(pins, pages, *, pip_audit_found=None, strict=False):
    fetched = []

    def fetch(name):
        fetched.append(name)
        return pages.get(name)

    results = audit_dependencies.audit(pins, pip_audit_found or {}, fetch=fetch)
    out = io.StringIO()
    status = audit_dependencies.report(results, strict=strict, out=out)
    return status, out.getvalue(), {r.name: r for r in results}, fetched


def test_a_vulnerability_in_the_pinned_latest_release_fails_and_is_named():
    status, out, results, _ = run(
        [("somelib", "2.0"), ("otherlib", "1.0")],
        {
            "somelib": project("2.0", ["1.0"], vulns=[vuln("PYSEC-2026-1")]),
            "otherlib": project("1.0"),
        },
    )
    assert status == 1
    assert "VULNERABLE somelib 2.0: PYSEC-2026-1" in out
    assert "2 checked against the vulnerability data of their release; 1 known" in out
    assert results["otherlib"].status == audit_dependencies.AUDITED
    assert results["otherlib"].vulns == []


def test_withdrawn_advisories_do_not_count():
    status, out, _, _ = run(
        [("somelib", "2.0")],
        {"somelib": project("2.0", vulns=[vuln("GHSA-x", withdrawn="2026-01-01T00:00:00Z")])},
    )
    assert status == 0
    assert "0 known vulnerabilities" in out


def test_a_newer_patch_release_is_an_upgrade_to_make_and_fails_only_when_strict():
    pages = {"django": project("6.1.3", ["5.2.18", "5.2.19", "5.2.20", "6.0"])}
    status, out, results, _ = run([("django", "5.2.19")], pages)
    assert status == 0
    assert results["django"].status == audit_dependencies.PATCH_WAITING
    assert "django 5.2.19: upgrade to 5.2.20 (latest 6.1.3)" in out
    assert "WARNING: newer patch release available (1):" in out
    status, _, _, _ = run([("django", "5.2.19")], pages, strict=True)
    assert status == 1


def test_newest_patch_of_its_series_says_why_the_latest_is_not_used():
    pages = {
        "numpy": project(
            "9.5.0", ["9.4.5", "9.4.6", "9.4.7"], requires_python=">=99.0", yanked={"9.4.7"}
        ),
    }
    status, out, results, _ = run([("numpy", "9.4.6")], pages, strict=True)
    assert status == 0
    assert results["numpy"].status == audit_dependencies.SERIES_CURRENT
    assert "numpy 9.4.6: newest 9.4.x; latest 9.5.0, which needs Python >=99.0" in out


def test_a_package_without_reachable_data_is_reported_and_fails_when_strict():
    status, out, results, _ = run([("ghostlib", "1.0")], {})
    assert status == 0
    assert results["ghostlib"].status == audit_dependencies.UNAUDITED
    assert "WARNING: not audited (1):" in out
    assert "ghostlib 1.0: no vulnerability data reachable" in out
    status, _, _, _ = run([("ghostlib", "1.0")], {}, strict=True)
    assert status == 1


def test_pip_audit_results_come_first_and_its_findings_fail():
    status, out, results, fetched = run(
        [("audited", "1.0"), ("skipped", "3.0")],
        {"skipped": project("3.0")},
        pip_audit_found={"audited": ["GHSA-abcd"]},
    )
    assert fetched == ["skipped"]
    assert status == 1
    assert "VULNERABLE audited 1.0: GHSA-abcd" in out
    assert results["skipped"].status == audit_dependencies.AUDITED


def test_requirements_and_pip_audit_output_are_read(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(
        "# generated\n"
        "Django==5.2.19\n"
        "    # via peerplatform\n"
        "async-timeout==5.0.1 ; python_full_version < '3.0'\n"
        "numpy==2.4.6 ; python_full_version >= '3.0'\n"
    )
    assert audit_dependencies.read_pins(str(requirements)) == [
        ("django", "5.2.19"),
        ("numpy", "2.4.6"),
    ]
    report = tmp_path / "pip-audit.json"
    report.write_text(
        json.dumps(
            {
                "dependencies": [
                    {"name": "Django", "version": "5.2.19", "vulns": []},
                    {"name": "numpy", "skip_reason": "Dependency not found on PyPI"},
                ]
            }
        )
    )
    assert audit_dependencies.read_pip_audit(str(report)) == {"django": []}
    assert audit_dependencies.read_pip_audit(str(tmp_path / "missing.json")) == {}


@pytest.mark.parametrize("url", ["file:///etc", "ftp://example.invalid"])
def test_only_web_addresses_are_fetched(monkeypatch, url):
    monkeypatch.setattr(audit_dependencies, "PYPI_JSON_URL", url)
    assert audit_dependencies.fetch_project("django") is None


def test_the_probe_says_whether_the_data_can_be_reached(monkeypatch, pypi_stub):
    monkeypatch.setattr(audit_dependencies, "PYPI_JSON_URL", pypi_stub)
    assert audit_dependencies.probe() == (True, f"{pypi_stub}/pip/json")
    monkeypatch.setattr(audit_dependencies, "PYPI_JSON_URL", closed_port_url())
    reachable, why = audit_dependencies.probe()
    assert not reachable
    assert "unreachable" in why


def test_no_reachable_data_at_all_is_reported_as_could_not_run(tmp_path, monkeypatch, capsys):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("django==5.2.19\nnumpy==2.4.6\n")
    monkeypatch.setattr(audit_dependencies, "PYPI_JSON_URL", closed_port_url())
    status = audit_dependencies.main(["audit", str(requirements), str(tmp_path / "none.json")])
    assert status == audit_dependencies.COULD_NOT_RUN
    assert "COULD NOT RUN" in capsys.readouterr().out
    assert audit_dependencies.main(["audit", "--probe"]) == audit_dependencies.COULD_NOT_RUN


@pytest.fixture
def pypi_stub():
    """A local stand-in for PyPI's JSON pages: every project is at version 1.0, no advisories."""
    with serving_pypi(project("1.0")) as url:
        yield url
