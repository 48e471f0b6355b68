import importlib
import math

from core.models import Municipality

MUNICIPALITIES = importlib.import_module("core.migrations.0002_regions_and_municipalities")
COORDINATES = importlib.import_module("core.migrations.0005_municipality_coordinates")

# Denmark (with Bornholm, without the Faroe Islands and Greenland).
LATITUDE = (54.5, 57.8)
LONGITUDE = (8.0, 15.2)


def distance_km(a: Municipality, b: Municipality) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_the_migration_covers_exactly_the_98_municipality_codes():
    codes = {code for code, _name, _region in MUNICIPALITIES.MUNICIPALITIES}
    assert len(codes) == 98
    assert set(COORDINATES.COORDINATES) == codes


def test_all_98_municipalities_have_coordinates_inside_denmark(db):
    municipalities = list(Municipality.objects.all())
    assert len(municipalities) == 98
    for municipality in municipalities:
        assert LATITUDE[0] < municipality.latitude < LATITUDE[1], municipality.name
        assert LONGITUDE[0] < municipality.longitude < LONGITUDE[1], municipality.name


def test_distances_between_towns_are_about_right(db):
    by_name = {m.name: m for m in Municipality.objects.all()}
    # As the crow flies: town hall to town hall.
    assert distance_km(by_name["København"], by_name["Frederiksberg"]) < 10
    assert 210 < distance_km(by_name["København"], by_name["Aalborg"]) < 240
    assert 75 < distance_km(by_name["Odense"], by_name["Aarhus"]) < 100
    assert 140 < distance_km(by_name["København"], by_name["Bornholm"]) < 170
    assert distance_km(by_name["Esbjerg"], by_name["Fanø"]) < 10
