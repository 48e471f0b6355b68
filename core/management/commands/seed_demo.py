"""Demo data that shows every feature: `python manage.py seed_demo` (idempotent).

Each app adds its part in `seed_demo_<app>()` below; running the command twice changes nothing
but the demo password, which is reset to DEMO_PASSWORD.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from core import services
from core.models import Membership, Municipality, Organisation, User

DEMO_PASSWORD = "peerstotte-demo-2026"  # noqa: S105 - printed on purpose; demo data only

ORGANISATIONS = [
    ("Peer to Peer Odense", Organisation.Kind.NGO, "Odense", "kontakt@p2p-odense.test"),
    (
        "Københavns Kommune · Peerstøtte",
        Organisation.Kind.MUNICIPALITY,
        "København",
        "peerstoette@kk.test",
    ),
]

STAFF = [
    # e-mail, first, last, organisation index, role
    ("koordinator@p2p-odense.test", "Mette", "Kjær", 0, Membership.Role.COORDINATOR),
    ("leder@p2p-odense.test", "Anders", "Holm", 0, Membership.Role.ADMIN),
    ("koordinator@kk.test", "Fatima", "Ali", 1, Membership.Role.COORDINATOR),
]

GUIDE_USERS = [
    ("sofie@guide.test", "Sofie", "Mortensen"),
    ("mads@guide.test", "Mads", "Lund"),
    ("yasmin@guide.test", "Yasmin", "Haddad"),
    ("peter@guide.test", "Peter", "Skov"),
]


class Command(BaseCommand):
    help = "Create or refresh demo data: organisations, coordinators, guides and participants."

    @transaction.atomic
    def handle(self, *args, **options):
        organisations = []
        for name, kind, municipality, email in ORGANISATIONS:
            org, _ = Organisation.objects.update_or_create(
                name=name,
                defaults={
                    "kind": kind,
                    "municipality": Municipality.objects.get(name=municipality),
                    "contact_email": email,
                },
            )
            organisations.append(org)

        admin = self._user("admin@peerplatform.test", "Ada", "Admin")
        if not admin.is_superuser:
            admin.is_superuser = admin.is_staff = True
            admin.save(update_fields=["is_superuser", "is_staff"])

        for email, first, last, org_index, role in STAFF:
            user = self._user(email, first, last)
            services.set_membership(user=user, organisation=organisations[org_index], role=role)

        for email, first, last in GUIDE_USERS:
            self._user(email, first, last)

        self._print_logins()

    def _user(self, email, first, last):
        user, _ = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last}
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        return user

    def _print_logins(self):
        out = self.stdout
        out.write(self.style.SUCCESS("Demo data is ready."))
        out.write(f"All demo logins use the password: {DEMO_PASSWORD}")
        out.write("  admin@peerplatform.test      superuser (everything)")
        for email, _first, _last, org_index, role in STAFF:
            out.write(f"  {email:<28} {role} · {ORGANISATIONS[org_index][0]}")
        for email, *_ in GUIDE_USERS:
            out.write(f"  {email:<28} peer guide (dashboard)")
