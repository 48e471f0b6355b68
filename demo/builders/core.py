"""Demo data for core: organisations, a superuser, coordinators and an organisation admin."""

from core import services
from core.models import CrisisContact, Membership, Municipality, Organisation, User

ORGANISATIONS = [
    # name, kind, municipality, e-mail, phone
    (
        "Peer to Peer Odense",
        Organisation.Kind.NGO,
        "Odense",
        "kontakt@p2p-odense.test",
        "66 13 13 13",
    ),
    (
        "Københavns Kommune · Peerstøtte",
        Organisation.Kind.MUNICIPALITY,
        "København",
        "peerstoette@kk.test",
        "",
    ),
]

# The municipalities each organisation serves (by index above): Odense and its neighbours on
# Funen; Copenhagen and Frederiksberg. The other municipalities (Aarhus, Læsø, ...) are served by
# no demo organisation, so the public forms show what a person there is told.
MUNICIPALITIES_SERVED = [
    ["Odense", "Assens", "Faaborg-Midtfyn", "Kerteminde", "Nordfyns", "Nyborg"],
    ["København", "Frederiksberg"],
]

# Odense's own crisis contact besides the national and regional ones (the demo's example of an
# organisation's crisis contacts; coordinators keep them in the admin).
ODENSE_CRISIS_CONTACT = {
    "name": "Psykiatrisk Akutmodtagelse, Odense",
    "phone": "65 41 11 11",
    "when": "Døgnet rundt",
    "description": "Hvis du har brug for psykiatrisk hjælp med det samme",
    "name_en": "Psychiatric emergency department, Odense",
    "when_en": "Day and night",
    "description_en": "If you need psychiatric help straight away",
    "order": 5,
}

# English texts of the national and regional crisis contacts (seeded in Danish by
# core/migrations/0006), by name and phone; filled in only where still empty.
CRISIS_CONTACTS_EN = {
    ("Alarmcentralen", "112"): ("Emergency number", "Day and night", "If a life is in danger"),
    ("Livslinien", "70 201 201"): (
        "Livslinien (suicide helpline)",
        "Every day 11:00–05:00",
        "If you have thoughts of suicide",
    ),
    ("Akuttelefonen", "1813"): (
        "Medical helpline",
        "Day and night",
        "When it is urgent but not life-threatening",
    ),
    ("Akuttelefonen", "1818"): (
        "Medical helpline",
        "Day and night",
        "When it is urgent but not life-threatening",
    ),
}
AFTER_HOURS_DOCTOR_EN = (
    "Out-of-hours doctor",
    "Weekdays 16:00–08:00, weekends and public holidays all day",
    "When it cannot wait for your own doctor",
)


def english_crisis_texts() -> None:
    """The national and regional contacts' English texts, where still empty."""
    for contact in CrisisContact.objects.filter(organisation=None, name_en=""):
        texts = CRISIS_CONTACTS_EN.get((contact.name, contact.phone))
        if texts is None and contact.name == "Lægevagten":
            texts = AFTER_HOURS_DOCTOR_EN
        if texts is not None:
            contact.name_en, contact.when_en, contact.description_en = texts
            contact.save(update_fields=["name_en", "when_en", "description_en"])


STAFF = [
    # e-mail, first, last, organisation index, role
    ("koordinator@p2p-odense.test", "Mette", "Kjær", 0, Membership.Role.COORDINATOR),
    ("leder@p2p-odense.test", "Anders", "Holm", 0, Membership.Role.ADMIN),
    ("koordinator@kk.test", "Fatima", "Ali", 1, Membership.Role.COORDINATOR),
]


def demo_user(email, first, last, password, **extra) -> User:
    user, _ = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last, **extra}
    )
    if password:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def seed(*, password: str, out) -> dict:
    organisations = []
    for name, kind, municipality, email, phone in ORGANISATIONS:
        org, _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "municipality": Municipality.objects.get(name=municipality),
                "contact_email": email,
                "contact_phone": phone,
            },
        )
        organisations.append(org)
    for org, names in zip(organisations, MUNICIPALITIES_SERVED, strict=True):
        org.municipalities_served.set(Municipality.objects.filter(name__in=names))
    CrisisContact.objects.update_or_create(
        organisation=organisations[0],
        name=ODENSE_CRISIS_CONTACT["name"],
        defaults=ODENSE_CRISIS_CONTACT,
    )
    english_crisis_texts()

    admin = demo_user("admin@peerplatform.test", "Ada", "Admin", password)
    if not admin.is_superuser:
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])
    out.append(("admin@peerplatform.test", "superuser (everything)"))

    coordinators = {}
    for email, first, last, org_index, role in STAFF:
        user = demo_user(email, first, last, password)
        services.set_membership(user=user, organisation=organisations[org_index], role=role)
        coordinators.setdefault(org_index, user)
        out.append((email, f"{role} · {organisations[org_index].name}"))
    return {"organisations": organisations, "coordinators": coordinators}
