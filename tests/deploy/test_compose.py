"""No Docker engine runs here, so the compose file and Dockerfile are checked as text."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def load():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_production_services():
    services = load()["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}


def test_every_service_has_a_health_check():
    for name, service in load()["services"].items():
        assert "healthcheck" in service, name
        assert service["healthcheck"]["test"], name


def test_commands():
    services = load()["services"]
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert "peerplatform.wsgi" in " ".join(services["web"]["command"])
    assert services["worker"]["command"][:4] == ["celery", "-A", "peerplatform", "worker"]
    beat = " ".join(services["beat"]["command"])
    assert "beat" in beat
    assert "django_celery_beat.schedulers:DatabaseScheduler" in beat


def test_app_services_share_production_environment():
    compose = load()
    for name in ("web", "worker", "beat"):
        service = compose["services"][name]
        env = service["environment"]
        assert env["DJANGO_DEBUG"] == "off", name
        assert env["DATABASE_URL"].startswith("postgres://"), name
        assert env["REDIS_URL"].startswith("redis://"), name
        assert {"SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL"} <= set(env), name
        depends = service["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name


def test_named_volumes_for_data():
    compose = load()
    assert {"postgres-data", "redis-data"} <= set(compose["volumes"])
    assert any("postgres-data:" in v for v in compose["services"]["postgres"]["volumes"])


def test_dockerfile_builds_with_collected_static_files_and_locked_dependencies():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "uv sync --frozen" in dockerfile
    assert "collectstatic" in dockerfile
    assert "compilemessages" in dockerfile
    assert "USER " in dockerfile  # does not run as root
