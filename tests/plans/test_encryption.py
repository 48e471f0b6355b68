"""The plan is encrypted at rest: a database dump shows none of it (PostgreSQL, pg_dump), and
keys rotate."""

import os
import shutil
import subprocess

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from plans import crypto, sections, services
from plans.models import Plan, PlanSection, ShareLink
from tests.factories import OrganisationFactory, ParticipantFactory

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
MARKER = "KLARTEKST-MARKOER"


def fill_every_section(plan, marker=MARKER):
    for section in sections.SECTIONS:
        data = {}
        for part in section.parts:
            if part.kind == sections.TEXT:
                data[part.key] = f"{marker} {section.key} {part.key}"
            elif part.kind == sections.CONTACTS:
                data[part.key] = [{"name": f"{marker} navn", "phone": "12345678"}]
            else:
                data[part.key] = [f"{marker} {section.key} {part.key}"]
        services.save_section(plan=plan, key=section.key, data=data)


def test_what_the_database_holds_is_not_the_text(org1):
    participant = ParticipantFactory(organisation=org1)
    plan = Plan.objects.create(participant=participant, organisation=org1)
    fill_every_section(plan)
    services.create_share_link(plan=plan, section_keys=["crisis"], label=f"{MARKER} label")
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM plans_plansection")
        raw = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT label, token FROM plans_sharelink")
        raw += [v for row in cursor.fetchall() for v in row]
    assert len(raw) == len(sections.SECTIONS) + 2
    assert all(MARKER not in value and "gAAAA" in value for value in raw)
    # ... and reads back as written.
    crisis = PlanSection.objects.get(plan=plan, key="crisis").data
    assert crisis["supporters"] == [{"name": f"{MARKER} navn", "phone": "12345678"}]
    assert ShareLink.objects.get(plan=plan).label == f"{MARKER} label"


def test_keys_rotate(org1, settings):
    participant = ParticipantFactory(organisation=org1)
    plan = Plan.objects.create(participant=participant, organisation=org1)
    services.save_section(plan=plan, key="toolbox", data={"tools": ["gåtur"]})
    old = settings.PLAN_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.PLAN_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_plan_key", verbosity=0)
    settings.PLAN_ENCRYPTION_KEYS = [new]
    assert PlanSection.objects.get(plan=plan).data == {"tools": ["gåtur"]}
    settings.PLAN_ENCRYPTION_KEYS = [old]
    with pytest.raises(Exception, match="PLAN_ENCRYPTION_KEY"):
        PlanSection.objects.get(plan=plan)


def test_a_bad_key_is_a_clear_start_up_error(settings):
    from plans.checks import plan_encryption_key

    settings.PLAN_ENCRYPTION_KEYS = ["not-a-key"]
    crypto._fernet.cache_clear()
    errors = plan_encryption_key(None)
    assert [e.id for e in errors] == ["plans.E001"]
    assert "Fernet keys" in errors[0].msg


@pytest.mark.skipif(not ON_POSTGRESQL, reason="greps a pg_dump of the PostgreSQL test database")
@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed")
@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_reveals_nothing_of_the_plan():
    organisation = OrganisationFactory()
    participant = ParticipantFactory(organisation=organisation, first_name="Dumpet")
    plan = Plan.objects.create(participant=participant, organisation=organisation)
    fill_every_section(plan)
    services.create_share_link(plan=plan, section_keys=["crisis"], label=f"{MARKER} label")
    db = connection.settings_dict
    env = dict(os.environ, PGPASSWORD=db.get("PASSWORD") or "")
    args = ["pg_dump", "--data-only", "--no-owner", "-d", db["NAME"]]
    if db.get("HOST"):
        args += ["-h", db["HOST"]]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", db["USER"]]
    dump = subprocess.run(  # noqa: S603
        args, env=env, capture_output=True, text=True, timeout=120, check=True
    ).stdout
    assert "Dumpet" in dump  # the dump is of this database, with this test's rows
    assert "plans_plansection" in dump
    assert MARKER not in dump
