"""The programmes with their defaults and session plans (editable in the admin afterwards)."""

from django.db import migrations

LAT_INFO = (
    "Et kursus for dig, der lever med {target}. I mødes seks gange i en lille gruppe på 12-16. "
    "To kursusledere, som selv kender til at leve med {target}, leder kurset. Du lærer "
    "redskaber til at klare hverdagen bedre: at lægge små planer, løse problemer, tackle "
    "træthed og svære følelser og tale med andre om, hvordan du har det. Du bestemmer selv, "
    "hvad du vil dele."
)

PROGRAMMES = [
    {
        "name": "WRAP",
        "kind": "wrap",
        "target_group": "Mennesker med psykiske vanskeligheder",
        "description": (
            "WRAP betyder Wellness Recovery Action Planning. Over otte uger skriver du din egen "
            "arbejdsbog: hvad du gør for at have det godt hver dag, hvad der kan slå dig ud af "
            "kurs, hvilke tegn du skal holde øje med, og hvad andre kan gøre, hvis du får det "
            "rigtig svært. To kursusledere med egne erfaringer leder gruppen. Du deler kun det, "
            "du har lyst til."
        ),
        "neutral_title": "Kursus",
        "default_sessions": 8,
        "session_minutes": 120,
        "min_participants": 6,
        "max_participants": 12,
        "facilitators_required": 2,
        "required_qualification": "wrap_facilitator",
        "completion_min_sessions": 6,
        "has_information_meeting": False,
        "plan": [
            ("Velkommen til WRAP", "Vi lærer hinanden at kende og taler om recovery og håb."),
            (
                "Min værktøjskasse",
                "De ting, der hjælper dig til at have det godt, samlet ét sted.",
            ),
            (
                "Daglig vedligeholdelsesplan",
                "Hvordan er du, når du har det godt, og hvad gør du hver dag for det?",
            ),
            ("Triggere", "Hvad kan slå dig ud af kurs, og hvad gør du så?"),
            (
                "Tidlige advarselstegn",
                "De små tegn på, at noget er ved at ændre sig, og din plan for dem.",
            ),
            (
                "Når det er ved at bryde sammen",
                "Tegn på, at det er alvorligt, og hvad der hjælper dig da.",
            ),
            ("Kriseplan", "Hvem gør hvad, hvis du ikke selv kan tage ansvaret for en tid."),
            (
                "Efter krisen og afslutning",
                "En plan for tiden efter en krise. Vi ser tilbage og fejrer det, I har nået.",
            ),
        ],
    },
    {
        "name": "Lær at tackle kronisk sygdom",
        "kind": "lat",
        "target_group": "Kronisk sygdom",
        "description": LAT_INFO.format(target="en kronisk sygdom"),
        "plan": [
            ("Velkommen og handlingsplaner", "Hvad er egenomsorg? Du laver din første plan."),
            ("Problemløsning og svære følelser", "Trin for trin, når noget er svært."),
            ("Fysisk aktivitet og vejrtrækning", "Bevægelse, der passer til dig."),
            ("Træthed, søvn og kost", "Redskaber til energi i hverdagen."),
            ("Kommunikation og medicin", "At sige, hvad du har brug for."),
            ("Samarbejde og fremtiden", "At tale med lægen og planlægge videre."),
        ],
    },
    {
        "name": "Lær at tackle angst og depression",
        "kind": "lat",
        "target_group": "Angst og depression",
        "description": LAT_INFO.format(target="angst eller depression").replace(
            "seks gange", "syv gange"
        ),
        "default_sessions": 7,
        "completion_min_sessions": 5,
        "plan": [
            ("Velkommen og handlingsplaner", "Hvad er mestring? Du laver din første plan."),
            ("Tanker og følelser", "Sammenhængen mellem tanker, følelser og krop."),
            ("Søvn, træthed og bevægelse", "Små skridt, der giver energi."),
            ("Bekymringer og afspænding", "At håndtere bekymringer og finde ro."),
            ("Kommunikation og relationer", "At sige til og fra og bede om hjælp."),
            ("Problemløsning og beslutninger", "At træffe valg, der er gode for dig."),
            ("Fremtiden", "At holde fast i det, du har lært."),
        ],
    },
    {
        "name": "Lær at tackle kroniske smerter",
        "kind": "lat",
        "target_group": "Kroniske smerter",
        "description": LAT_INFO.format(target="kroniske smerter"),
        "plan": [
            ("Velkommen og handlingsplaner", "Smerter og egenomsorg. Du laver din første plan."),
            ("Problemløsning og svære følelser", "Trin for trin, når noget er svært."),
            ("Bevægelse og afspænding", "Bevægelse, der passer til dig, og ro i kroppen."),
            ("Træthed, søvn og smerte", "Redskaber til de svære dage."),
            ("Kommunikation og medicin", "At sige, hvad du har brug for."),
            ("Fremtiden", "At planlægge videre med det, du har lært."),
        ],
    },
    {
        "name": "Peerguideuddannelsen",
        "kind": "peer_guide_training",
        "target_group": "Kommende peerguides",
        "description": (
            "Uddannelsen for dig, der vil være peerguide. Du lærer at bruge dine egne erfaringer "
            "til at støtte andre, at lytte, at passe på grænser og tavshedspligt, og at passe "
            "på dig selv undervejs."
        ),
        "neutral_title": "Uddannelse",
        "default_sessions": 8,
        "session_minutes": 180,
        "min_participants": 6,
        "max_participants": 14,
        "facilitators_required": 1,
        "required_qualification": "",
        "completion_min_sessions": 7,
        "has_information_meeting": False,
        "plan": [
            ("Hvad er peerstøtte?", "Støtte i øjenhøjde, og hvad den kan."),
            ("Recovery og din egen historie", "At fortælle sin historie, så den hjælper andre."),
            ("Erfaring bliver til kompetence", "At bruge sine erfaringer med omtanke."),
            ("Samtalen", "Aktiv lytning og gode spørgsmål."),
            ("Grænser og tavshedspligt", "Hvad du deler, og hvad du ikke deler."),
            ("Når det bliver svært", "Hvad du gør, og hvem du kan ringe til."),
            ("Et forløb med en deltager", "Fra første møde til afslutning."),
            ("Afslutning og næste skridt", "Supervision, fællesskab og din start som peerguide."),
        ],
    },
    {
        "name": "Åben gruppeaktivitet",
        "kind": "group_activity",
        "target_group": "Alle",
        "description": (
            "En gruppe, der mødes om noget, I har lyst til sammen: en gåtur, madlavning, musik "
            "eller noget helt fjerde. Frivillige med egne erfaringer står for det. Kom, som du er."
        ),
        "neutral_title": "Gruppeaktivitet",
        "default_sessions": 6,
        "session_minutes": 120,
        "min_participants": 3,
        "max_participants": 15,
        "facilitators_required": 1,
        "required_qualification": "",
        "completion_min_sessions": 3,
        "has_information_meeting": False,
        "plan": [],
    },
]

LAT_DEFAULTS = {
    "neutral_title": "Kursus",
    "default_sessions": 6,
    "session_minutes": 150,
    "min_participants": 12,
    "max_participants": 16,
    "facilitators_required": 2,
    "required_qualification": "lat_instructor",
    "completion_min_sessions": 4,
    "has_information_meeting": True,
}


def add_programmes(apps, schema_editor):
    Programme = apps.get_model("courses", "Programme")
    SessionPlanItem = apps.get_model("courses", "SessionPlanItem")
    for data in PROGRAMMES:
        data = dict(data)
        plan = data.pop("plan")
        if data["kind"] == "lat":
            data = {**LAT_DEFAULTS, **data}
        name = data.pop("name")
        programme, created = Programme.objects.get_or_create(name=name, defaults=data)
        if created:
            SessionPlanItem.objects.bulk_create(
                SessionPlanItem(programme=programme, number=i, title=t, description=d)
                for i, (t, d) in enumerate(plan, start=1)
            )


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]

    operations = [migrations.RunPython(add_programmes, migrations.RunPython.noop)]
