"""How organisation scoping scales: the scoped membership list as members and organisations grow.

Prints JSON: rows created, rows visible to one coordinator, query count and seconds per scoped list.
"""

import argparse

from _django import emit, test_database, timer


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--organisations", type=int, default=50)
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    with test_database():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from core import services
        from core.models import Membership, Municipality, Organisation, User
        from core.scoping import scope_to_user

        results = {"organisations": args.organisations, "members": args.members}
        odense = Municipality.objects.get(name="Odense")
        with timer(results, "seconds_to_create"):
            orgs = Organisation.objects.bulk_create(
                Organisation(name=f"Org {i}", municipality=odense)
                for i in range(args.organisations)
            )
            users = User.objects.bulk_create(
                User(email=f"m{i}@bench.test") for i in range(args.members)
            )
            Membership.objects.bulk_create(
                Membership(user=u, organisation=orgs[i % len(orgs)]) for i, u in enumerate(users)
            )
        viewer = users[0]
        services.set_membership(user=viewer, organisation=orgs[0], role="coordinator")

        def scoped_list():
            return list(
                scope_to_user(Membership.objects.select_related("user", "organisation"), viewer)
            )

        with CaptureQueriesContext(connection) as queries:
            visible = scoped_list()
        results["rows_visible"] = len(visible)
        results["queries_per_list"] = len(queries)
        with timer(results, "seconds_for_all_lists"):
            for _ in range(args.repeat):
                scoped_list()
        results["seconds_per_list"] = round(results["seconds_for_all_lists"] / args.repeat, 5)
        results["database"] = connection.vendor
        emit(results)


if __name__ == "__main__":
    main()
