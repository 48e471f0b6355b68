from django.contrib.auth.models import Group

from core.models import ExperienceArea, Interest, Municipality, Region
from core.roles import COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP


def test_all_98_municipalities_in_5_regions(db):
    assert Region.objects.count() == 5
    assert Municipality.objects.count() == 98
    per_region = {r.name: r.municipalities.count() for r in Region.objects.all()}
    assert per_region == {
        "Region Hovedstaden": 29,
        "Region Sjælland": 17,
        "Region Syddanmark": 22,
        "Region Midtjylland": 19,
        "Region Nordjylland": 11,
    }


def test_municipalities_carry_official_codes(db):
    assert Municipality.objects.get(code=101).name == "København"
    assert Municipality.objects.get(code=461).name == "Odense"
    assert Municipality.objects.get(code=851).region.name == "Region Nordjylland"
    assert Municipality.objects.get(name="Bornholm").region.name == "Region Hovedstaden"


def test_taxonomies_have_danish_defaults_with_english_names(db):
    areas = set(ExperienceArea.objects.values_list("name", flat=True))
    assert {"Angst", "Depression", "Bipolar lidelse", "Psykose/skizofreni", "OCD"} <= areas
    assert {"Spiseforstyrrelse", "PTSD/traume", "Selvskade", "Misbrug", "ADHD/autisme"} <= areas
    assert {"Kroniske smerter", "Kronisk fysisk sygdom", "Ensomhed"} <= areas
    interests = set(Interest.objects.values_list("name", flat=True))
    assert {"Gåture", "Madlavning", "Musik", "Kreative fag", "Spil", "Læsning"} <= interests
    assert not ExperienceArea.objects.filter(name_en="").exists()
    assert not Interest.objects.filter(name_en="").exists()


def test_term_label_follows_active_language(db):
    from django.utils import translation

    angst = ExperienceArea.objects.get(slug="angst")
    with translation.override("da"):
        assert str(angst) == "Angst"
    with translation.override("en"):
        assert str(angst) == "Anxiety"


def test_role_groups_created_by_migration_with_permissions(db):
    coordinator = Group.objects.get(name=COORDINATOR_GROUP)
    perms = set(coordinator.permissions.values_list("codename", flat=True))
    assert {"view_organisation", "view_membership", "view_municipality"} <= perms
    assert "add_membership" not in perms
    org_admin = Group.objects.get(name=ORGANISATION_ADMIN_GROUP)
    admin_perms = set(org_admin.permissions.values_list("codename", flat=True))
    assert {"add_membership", "change_membership", "change_organisation"} <= admin_perms
