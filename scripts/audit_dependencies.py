"""Summarise pip-audit's result and fill its gaps from PyPI's project pages.

Usage: audit_dependencies.py REQUIREMENTS PIP_AUDIT_JSON
       audit_dependencies.py --probe

`--probe` only asks whether the vulnerability data can be reached (one quick request) and says
so: `make audit` and `.ci/run` call it first, so that a machine without the network reports that
the audit could not run instead of failing or passing on no data.

pip-audit asks PyPI for the vulnerability data of each pinned release
(``/pypi/<name>/<version>/json``) or asks OSV. Some networks (this project's build machines
among them) serve PyPI's package index but not those per-release pages, and cannot reach OSV;
pip-audit then skips every package. This script keeps pip-audit as the first source and, for
each package it could not audit, reads the *project* page (``/pypi/<name>/json``), which
carries the same OSV-fed vulnerability list for the project's latest release:

- pinned release is the latest release: its vulnerability list applies exactly -> audited;
- pinned release is older: PyPI publishes no list for it. If it is the newest patch release of its
  series (e.g. Django 5.2.19 of the 5.2 LTS, NumPy 2.4.6 when 2.5 needs a newer Python), it is
  reported as such; if a newer patch release of the same series exists, it is reported as an
  upgrade to make (a patch release is where security fixes land);
- nothing reachable -> unaudited.

Exit status 1 when any known vulnerability is found (by pip-audit or here); with AUDIT_STRICT set,
also when a package could not be checked at all or has a newer patch release waiting. Exit status 2
when the audit could not run (no data reachable for any package; `--probe`: data unreachable).

Written rather than taken from a library because no tool reads this page as a fallback: pip-audit
has no offline or alternative-URL mode, and the offline vulnerability databases on PyPI and npm
download their data from hosts this network cannot reach.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

PYPI_JSON_URL = os.environ.get("PYPI_JSON_URL", "https://pypi.org/pypi")

AUDITED = "audited"
SERIES_CURRENT = "newest patch of its series"
PATCH_WAITING = "newer patch release available"
UNAUDITED = "not audited"


@dataclass
class Result:
    name: str
    version: str
    status: str = UNAUDITED
    vulns: list[str] = field(default_factory=list)
    detail: str = ""


def read_pins(path: str) -> list[tuple[str, str]]:
    """(name, version) of every `name==version` line whose environment marker applies here."""
    pins = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line or line.startswith(("#", "-")):
                continue
            try:
                requirement = Requirement(line)
            except InvalidRequirement:
                continue
            if requirement.marker and not requirement.marker.evaluate():
                continue
            exact = [spec.version for spec in requirement.specifier if spec.operator == "=="]
            if exact:
                pins.append((requirement.name.lower(), exact[0]))
    return pins


def read_pip_audit(path: str) -> dict[str, list[str]]:
    """Packages pip-audit did audit -> ids of the vulnerabilities it found (maybe none)."""
    try:
        with open(path, encoding="utf-8") as handle:
            dependencies = json.load(handle).get("dependencies", [])
    except (OSError, ValueError):
        return {}
    return {
        dep["name"].lower(): [vuln["id"] for vuln in dep.get("vulns", [])]
        for dep in dependencies
        if not dep.get("skip_reason") and "version" in dep
    }


def fetch_project(name: str) -> dict | None:
    url = f"{PYPI_JSON_URL}/{name}/json"
    if not url.startswith(("https://", "http://")):
        return None
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310  # nosec B310
            return json.load(response)
    except (urllib.error.URLError, OSError, ValueError):
        return None


def probe(timeout: float = 5) -> tuple[bool, str]:
    """Can the vulnerability data be reached? (True, url) or (False, why not)."""
    url = f"{PYPI_JSON_URL}/pip/json"
    if not url.startswith(("https://", "http://")):
        return False, f"{url} is not a web address"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310  # nosec B310
            if "info" in json.load(response):
                return True, url
            return False, f"{url} answered without project data"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return False, f"{url} unreachable ({getattr(exc, 'reason', exc)})"


def _parse(version: str) -> Version | None:
    try:
        return Version(version)
    except InvalidVersion:
        return None


def _python_allowed(requires: str) -> bool:
    try:
        return SpecifierSet(requires).contains(platform.python_version())
    except InvalidSpecifier:
        return True


def check_from_project(name: str, version: str, project: dict | None) -> Result:
    """Classify one pinned package from its PyPI project page (see the module docstring)."""
    result = Result(name, version)
    if not project or "info" not in project:
        result.detail = "no vulnerability data reachable"
        return result
    latest = project["info"].get("version", "")
    pinned = _parse(version)
    if pinned is not None and pinned == _parse(latest):
        result.status = AUDITED
        result.vulns = [
            vuln["id"] for vuln in project.get("vulnerabilities") or [] if not vuln.get("withdrawn")
        ]
        return result
    if pinned is None:
        result.detail = f"version {version} cannot be compared; latest is {latest}"
        return result
    same_series = [
        parsed
        for release, files in (project.get("releases") or {}).items()
        if (parsed := _parse(release)) is not None
        and not parsed.is_prerelease
        and parsed.release[:2] == pinned.release[:2]
        and not all(item.get("yanked") for item in files or [{}])
    ]
    newest = max(same_series, default=pinned)
    if newest > pinned:
        result.status = PATCH_WAITING
        result.detail = f"upgrade to {newest} (latest {latest})"
    else:
        result.status = SERIES_CURRENT
        series = ".".join(str(part) for part in pinned.release[:2])
        result.detail = f"newest {series}.x; latest {latest}"
        requires = project["info"].get("requires_python")
        if requires and not _python_allowed(requires):
            result.detail += f", which needs Python {requires}"
    return result


def audit(pins, pip_audit_found, fetch=fetch_project) -> list[Result]:
    results = {}
    missing = []
    for name, version in pins:
        if name in pip_audit_found:
            results[name] = Result(name, version, AUDITED, pip_audit_found[name])
        else:
            missing.append((name, version))
    with ThreadPoolExecutor(max_workers=8) as pool:
        projects = pool.map(lambda pin: fetch(pin[0]), missing)
        for (name, version), project in zip(missing, projects, strict=True):
            results[name] = check_from_project(name, version, project)
    return [results[name] for name, _version in pins]


def report(results: list[Result], *, strict: bool, out=sys.stdout) -> int:
    def line(text):
        print(text, file=out)

    found = [result for result in results if result.vulns]
    by_status = {status: [r for r in results if r.status == status] for status in
                 (AUDITED, SERIES_CURRENT, PATCH_WAITING, UNAUDITED)}  # fmt: skip
    for result in found:
        line(f"  VULNERABLE {result.name} {result.version}: {', '.join(result.vulns)}")
    line(
        f"dependency audit: {len(results)} pinned packages; {len(by_status[AUDITED])} checked "
        f"against the vulnerability data of their release; {len(found)} known vulnerabilities."
    )
    for status in (SERIES_CURRENT, PATCH_WAITING, UNAUDITED):
        if by_status[status]:
            warning = "WARNING: " if status != SERIES_CURRENT else ""
            line(f"dependency audit: {warning}{status} ({len(by_status[status])}):")
            for result in by_status[status]:
                line(f"  {result.name} {result.version}: {result.detail}")
    failing = found or (strict and (by_status[PATCH_WAITING] or by_status[UNAUDITED]))
    return 1 if failing else 0


COULD_NOT_RUN = 2


def main(argv: list[str]) -> int:
    if argv[1:] == ["--probe"]:
        reachable, detail = probe()
        if reachable:
            print(f"dependency audit: vulnerability data reachable at {detail}")
            return 0
        print(f"dependency audit: COULD NOT RUN: vulnerability data {detail}")
        return COULD_NOT_RUN
    if len(argv) != 3:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return COULD_NOT_RUN
    results = audit(read_pins(argv[1]), read_pip_audit(argv[2]))
    status = report(results, strict=bool(os.environ.get("AUDIT_STRICT")))
    if results and all(result.status == UNAUDITED for result in results):
        print("dependency audit: COULD NOT RUN: no vulnerability data reachable for any package")
        return COULD_NOT_RUN
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
