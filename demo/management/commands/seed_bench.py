"""The national-scale benchmark data set: `python manage.py seed_bench --scale 1` (issue 15).

The builder lives in `bench/seed.py` (bench-only code); this command only parses the options,
refuses a database that already holds data unless `--reset`, and reports the counts.
"""

import time

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Build the benchmark data set (3 organisations, 2,000 guides, 20,000 participants, "
        "10,000 matches, 1,000,000 meetings ... at scale 1) in an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = national scale.")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete every data row first (reference data from migrations stays).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the database already holds data.",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed.")

    def handle(self, *args, scale, reset, seed, if_empty, **options):
        from bench import seed as bench_seed

        if scale <= 0:
            raise CommandError("--scale must be above 0.")
        if not bench_seed.is_empty():
            if if_empty and not reset:
                self.stdout.write("The database already holds data; nothing done.")
                return
            if not reset:
                raise CommandError(
                    "The database already holds data. Use --reset to delete it first "
                    "(every organisation, user, participant and their records)."
                )
            bench_seed.reset()
        start = time.perf_counter()

        def log(step):
            self.stdout.write(f"  {time.perf_counter() - start:6.1f} s  {step}")

        counts = bench_seed.build(scale=scale, seed=seed, log=log)
        from reports import rollup

        rollup.rebuild()  # the meetings were written with COPY: no signals
        log("report rollup of meetings per day")
        seconds = time.perf_counter() - start
        for label, count in counts.items():
            self.stdout.write(f"  {label:<38} {count:>10,}")
        self.stdout.write(self.style.SUCCESS(f"Benchmark data set ready in {seconds:.1f} s."))
        self.stdout.write(
            f"Coordinator login: {bench_seed.BENCH_COORDINATOR} / {bench_seed.BENCH_PASSWORD}"
        )
        self.stdout.write(f"Guide login: {bench_seed.BENCH_GUIDE} / {bench_seed.BENCH_PASSWORD}")
