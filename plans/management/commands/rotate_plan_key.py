"""Re-encrypt every plan with the first key of PLAN_ENCRYPTION_KEY (docs/operators.md, "Plan
encryption"): put the new key first, run this, then drop the old key. Safe to run twice."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from plans import crypto
from plans.models import PlanSection, ShareLink

ENCRYPTED = {PlanSection: ["data"], ShareLink: ["label", "token"]}


class Command(BaseCommand):
    help = "Re-encrypt every personal plan with the first PLAN_ENCRYPTION_KEY (key rotation)."

    def handle(self, *args, **options):
        count = 0
        quote = connection.ops.quote_name
        for model, fields in ENCRYPTED.items():
            table = quote(model._meta.db_table)
            columns = ", ".join(quote(f) for f in fields)
            assignments = ", ".join(f"{quote(f)} = %s" for f in fields)
            with transaction.atomic(), connection.cursor() as cursor:
                # The stored tokens as they are (no decrypting into Python objects), locked.
                lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
                # Identifiers come from the models' own metadata, quoted; values are parameters.
                select = f"SELECT id, {columns} FROM {table}{lock}"  # noqa: S608  # nosec B608
                cursor.execute(select)
                for pk, *values in cursor.fetchall():
                    rotated = [crypto.rotate(v) if v else v for v in values]
                    update = f"UPDATE {table} SET {assignments} WHERE id = %s"  # noqa: S608  # nosec B608
                    cursor.execute(update, [*rotated, pk])
                    count += 1
        if options["verbosity"]:
            self.stdout.write(f"{count} rows re-encrypted.")
