"""Danish for the msgids added by h4-adminforms (issue 12, points 2, 3 and 5)."""

DA = {
    # volunteers/admin.py
    "login": "login",
    # matching/admin.py: why other active guides are not suggested
    "%(count)d is full (no capacity left).": (
        "%(count)d er fuld (ingen ledige pladser).",
        "%(count)d er fulde (ingen ledige pladser).",
    ),
    "%(count)d does not speak the language asked for.": (
        "%(count)d taler ikke det ønskede sprog.",
        "%(count)d taler ikke det ønskede sprog.",
    ),
    "%(count)d is excluded: matched with this person before.": (
        "%(count)d er udelukket: har været matchet med personen før.",
        "%(count)d er udelukket: har været matchet med personen før.",
    ),
    "%(count)d is excluded by the wish about the guide's gender.": (
        "%(count)d er udelukket af ønsket om peerguidens køn.",
        "%(count)d er udelukket af ønsket om peerguidens køn.",
    ),
    "%(count)d is excluded: no common way to meet (online or in person).": (
        "%(count)d er udelukket: ingen fælles måde at mødes på (online eller fysisk).",
        "%(count)d er udelukket: ingen fælles måde at mødes på (online eller fysisk).",
    ),
    "%(count)d scores below the minimum score of %(min)s.": (
        "%(count)d ligger under minimumsscoren på %(min)s.",
        "%(count)d ligger under minimumsscoren på %(min)s.",
    ),
    "%(count)d more fits, but is not among the ten best.": (
        "%(count)d mere passer, men er ikke blandt de ti bedste.",
        "%(count)d flere passer, men er ikke blandt de ti bedste.",
    ),
    "attention": "opmærksomhed",
    "Stale: over %(days)s days": "Gået i stå: over %(days)s dage",
    "Fit check: no": "Match-tjek: nej",
    # templates/admin/matching/supportrequest/change_form.html
    "Propose %(guide)s": "Foreslå %(guide)s",
    "No active guide is a good enough fit right now.": (
        "Ingen aktiv peerguide passer godt nok lige nu."
    ),
    "Other active guides are not shown:": "Andre aktive peerguides vises ikke:",
    # matching/services.py: propose_match refusals
    "%(name)s is taking a break, so they cannot get a proposal now. Choose another guide.": (
        "%(name)s holder pause og kan ikke få et forslag nu. Vælg en anden peerguide."
    ),
    "%(name)s is not an active guide (%(status)s). Choose another guide.": (
        "%(name)s er ikke en aktiv peerguide (%(status)s). Vælg en anden peerguide."
    ),
    "%(name)s is full: %(open)s of %(capacity)s places are taken. Choose another guide, or "
    "raise their capacity on their page first.": (
        "%(name)s er fuld: %(open)s af %(capacity)s pladser er optaget. Vælg en anden "
        "peerguide, eller hæv først antallet af pladser på peerguidens side."
    ),
    # volunteers: the onboarding checklist on the guide's page
    "Mark as done today": "Markér som gjort i dag",
    "Tick what the guide has done; it is recorded with today's date. Dates, expiry dates and "
    "notes can be changed in the rows below.": (
        "Sæt kryds ved det, peerguiden har gjort; det registreres med dags dato. Datoer, "
        "udløbsdatoer og noter kan ændres i rækkerne nedenfor."
    ),
    "Peer-guide training completed": "Peerguideuddannelse gennemført",
}
