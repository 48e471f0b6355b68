"""Default lived-experience areas and interests, in Danish with English names. All editable."""

from django.db import migrations

EXPERIENCE_AREAS = [
    ("angst", "Angst", "Anxiety"),
    ("depression", "Depression", "Depression"),
    ("bipolar", "Bipolar lidelse", "Bipolar disorder"),
    ("psykose", "Psykose/skizofreni", "Psychosis/schizophrenia"),
    ("spiseforstyrrelse", "Spiseforstyrrelse", "Eating disorder"),
    ("ocd", "OCD", "OCD"),
    ("ptsd-traume", "PTSD/traume", "PTSD/trauma"),
    ("selvskade", "Selvskade", "Self-harm"),
    ("misbrug", "Misbrug", "Substance use"),
    ("adhd-autisme", "ADHD/autisme", "ADHD/autism"),
    ("personlighedsforstyrrelse", "Personlighedsforstyrrelse", "Personality disorder"),
    ("stress", "Stress", "Stress"),
    ("sorg", "Sorg og tab", "Grief and loss"),
    ("kroniske-smerter", "Kroniske smerter", "Chronic pain"),
    ("kronisk-sygdom", "Kronisk fysisk sygdom", "Chronic physical illness"),
    ("ensomhed", "Ensomhed", "Loneliness"),
    ("parorende", "Pårørende", "Being a relative"),
]

INTERESTS = [
    ("gature", "Gåture", "Walks"),
    ("natur", "Natur og friluftsliv", "Nature and the outdoors"),
    ("madlavning", "Madlavning", "Cooking"),
    ("musik", "Musik", "Music"),
    ("kreative-fag", "Kreative fag", "Arts and crafts"),
    ("sport", "Sport og motion", "Sport and exercise"),
    ("spil", "Spil", "Games"),
    ("laesning", "Læsning", "Reading"),
    ("film", "Film og serier", "Films and series"),
    ("have", "Have og planter", "Gardening"),
    ("dyr", "Dyr", "Animals"),
    ("kaffe", "En kop kaffe og en snak", "Coffee and a chat"),
    ("fotografi", "Fotografi", "Photography"),
    ("yoga", "Yoga og mindfulness", "Yoga and mindfulness"),
]


def load(apps, schema_editor):
    for model_name, rows in (("ExperienceArea", EXPERIENCE_AREAS), ("Interest", INTERESTS)):
        Model = apps.get_model("core", model_name)
        for position, (slug, name, name_en) in enumerate(rows, start=1):
            Model.objects.update_or_create(
                slug=slug, defaults={"name": name, "name_en": name_en, "position": position * 10}
            )


def unload(apps, schema_editor):
    apps.get_model("core", "ExperienceArea").objects.filter(
        slug__in=[r[0] for r in EXPERIENCE_AREAS]
    ).delete()
    apps.get_model("core", "Interest").objects.filter(slug__in=[r[0] for r in INTERESTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_regions_and_municipalities")]

    operations = [migrations.RunPython(load, unload)]
