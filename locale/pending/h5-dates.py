# ruff: noqa: E501
# Danish for the msgids added by h5-dates (issue 12, points 6, 8, 9, 10).
DA = {
    # courses/services.py
    "The cohort is finished or cancelled, so sessions cannot be added.": (
        "Holdet er afsluttet eller aflyst, så der kan ikke tilføjes kursusgange."
    ),
    "The cohort already has a session at %(time)s.": "Holdet har allerede en kursusgang %(time)s.",
    "%(cohort)s has no sessions, so it cannot start.": (
        "%(cohort)s har ingen kursusgange, så holdet kan ikke starte."
    ),
    "%(cohort)s cannot start before its first session on %(date)s. Start it on that day or later.": (
        "%(cohort)s kan ikke starte før første kursusgang den %(date)s. Start holdet den dag "
        "eller senere."
    ),
    "%(cohort)s is %(status)s; only a running cohort can be finished.": (
        "%(cohort)s er %(status)s; kun et hold, der er i gang, kan afsluttes."
    ),
    "%(cohort)s cannot finish before its last session on %(date)s is over. Move or cancel the sessions that are left if the cohort ends early.": (
        "%(cohort)s kan ikke afsluttes, før sidste kursusgang den %(date)s er overstået. Flyt "
        "eller aflys de resterende kursusgange, hvis holdet slutter tidligere."
    ),
    "%(cohort)s is %(status)s; only a finished cohort can be reopened.": (
        "%(cohort)s er %(status)s; kun et afsluttet hold kan genåbnes."
    ),
    "Only an organisation admin can reopen a finished cohort. Ask yours.": (
        "Kun en organisationsadministrator kan genåbne et afsluttet hold. Spørg jeres."
    ),
    "%(cohort)s finished on %(date)s. A cohort can be reopened for 14 days after it finished, until %(until)s; after that, change one person's result on their enrollment instead.": (
        "%(cohort)s blev afsluttet den %(date)s. Et hold kan genåbnes i 14 dage efter "
        "afslutningen, til og med %(until)s; derefter ændrer du i stedet den enkeltes resultat "
        "på tilmeldingen."
    ),
    "Write why the cohort is reopened.": "Skriv, hvorfor holdet genåbnes.",
    "Attendance can be marked once the session has begun, on %(date)s at %(time)s.": (
        "Fremmøde kan registreres, når kursusgangen er begyndt, den %(date)s kl. %(time)s."
    ),
    # courses/models.py, volunteers/models.py
    "Public holiday": "Helligdag",
    "Removed by the coordinator": "Fjernet af koordinatoren",
    "date": "dato",
    "why": "hvorfor",
    "holiday": "helligdag",
    "The holiday's name in Danish.": "Helligdagens navn på dansk.",
    "date without a session": "dato uden kursusgang",
    "dates without a session": "datoer uden kursusgang",
    "recorded from": "registreret fra",
    "Set when a finished training cohort recorded it, e.g. “cohort:12”.": (
        "Udfyldes, når et afsluttet uddannelseshold har registreret den, fx “cohort:12”."
    ),
    # courses/forms.py
    "Yes, finish the cohort and set these results": "Ja, afslut holdet og sæt disse resultater",
    "Tick the box to confirm.": "Sæt kryds for at bekræfte.",
    "Why is the cohort reopened?": "Hvorfor genåbnes holdet?",
    "Kept in the cohort's history, e.g. “Attendance for session 6 was missing.”": (
        "Gemmes i holdets historik, fx “Fremmøde til gang 6 manglede.”"
    ),
    "Date and time": "Dato og tidspunkt",
    "Any date, a public holiday too. The session lasts as long as the others.": (
        "Enhver dato, også en helligdag. Kursusgangen varer lige så længe som de andre."
    ),
    "Title (optional)": "Titel (valgfri)",
    "Check the date. It must be within two years from today.": (
        "Tjek datoen. Den skal ligge inden for to år fra i dag."
    ),
    "Not marked": "Ikke registreret",
    # courses/admin.py
    "attendance": "fremmøde",
    "from %(date)s": "fra %(date)s",
    "Record attendance": "Registrér fremmøde",
    "next step": "næste skridt",
    "Finish and set completion …": "Afslut og beregn gennemførelse …",
    "Reopen the cohort …": "Genåbn holdet …",
    "Add a session …": "Tilføj en kursusgang …",
    "dates skipped": "datoer sprunget over",
    "None: every week has a session.": "Ingen: der er kursusgang hver uge.",
    "Finish and set completion": "Afslut og beregn gennemførelse",
    "%(cohort)s is running again. Finish it when the results are right.": (
        "%(cohort)s er i gang igen. Afslut holdet, når resultaterne er rigtige."
    ),
    "Reopen %(cohort)s": "Genåbn %(cohort)s",
    "Session %(number)s on %(date)s is added.": "Gang %(number)s den %(date)s er tilføjet.",
    "Add a session to %(cohort)s": "Tilføj en kursusgang til %(cohort)s",
    "Attendance saved for %d person.": (
        "Fremmøde gemt for %d person.",
        "Fremmøde gemt for %d personer.",
    ),
    "Attendance: %(session)s, %(date)s": "Fremmøde: %(session)s, %(date)s",
    # templates/courses/admin/*.html
    "Check each person's result before you finish. The result follows the completion rule: a person has completed when they came to at least the number of sessions needed (the information meeting and cancelled sessions do not count). You can change one person's result afterwards, with a reason, on their enrollment.": (
        "Tjek hver deltagers resultat, før du afslutter. Resultatet følger reglen for "
        "gennemførelse: man har gennemført, når man har været med mindst det antal gange, der "
        "kræves (informationsmødet og aflyste gange tæller ikke med). Du kan bagefter ændre den "
        "enkeltes resultat, med en begrundelse, på tilmeldingen."
    ),
    "Results on %(cohort)s": "Resultater på %(cohort)s",
    "Participant": "Deltager",
    "Sessions attended": "Gange mødt",
    "Needed": "Krævet",
    "Result": "Resultat",
    "Onboarding checklist": "Tjekliste for opstart",
    "Completed": "Gennemført",
    "Not completed": "Ikke gennemført",
    "Training recorded for %(name)s": "Uddannelsen registreres for %(name)s",
    "No peer guide with this e-mail address: record the training on the guide's page by hand.": (
        "Ingen peerguide med denne e-mailadresse: registrér uddannelsen på peerguidens side "
        "i hånden."
    ),
    "Nobody is enrolled, so no results are set.": (
        "Ingen er tilmeldt, så der sættes ingen resultater."
    ),
    "Finish and set the results": "Afslut og sæt resultaterne",
    "Go back": "Gå tilbage",
    "Reopening makes the cohort running again: the results are taken back, and so is a peer-guide training the cohort recorded. Correct the attendance, then finish the cohort again.": (
        "Når holdet genåbnes, er det i gang igen: resultaterne trækkes tilbage, og det samme "
        "gør en peerguideuddannelse, som holdet har registreret. Ret fremmødet, og afslut så "
        "holdet igen."
    ),
    "Reopen the cohort": "Genåbn holdet",
    "Add a session on any date, a public holiday too. The sessions are numbered in date order again. Participants are not told automatically: tell them yourself.": (
        "Tilføj en kursusgang på en hvilken som helst dato, også en helligdag. Kursusgangene "
        "nummereres igen i datoorden. Deltagerne får ikke besked automatisk: fortæl dem det selv."
    ),
    "Add the session": "Tilføj kursusgangen",
    "Save attendance": "Gem fremmøde",
    "Nobody is enrolled on the cohort.": "Ingen er tilmeldt holdet.",
    # templates/courses/detail.html, facilitator_cohort.html
    "No course on public holidays:": "Intet kursus på helligdage:",
    "Attendance from the start": "Fremmøde fra start",
    # matching
    "The meeting on %(time)s has not taken place yet, so nobody can have failed to show up. Cancel it instead if it will not happen.": (
        "Mødet %(time)s har ikke fundet sted endnu, så ingen kan være udeblevet. Aflys det i "
        "stedet, hvis det ikke bliver til noget."
    ),
    "After the meeting you can log it here, or note that they did not show up.": (
        "Efter mødet kan du registrere det her eller notere, at vedkommende ikke kom."
    ),
    # reports: file names (slugified: "rapport-en-til-en-støtte-20250101-20251231.csv")
    "report %(area)s %(start)s %(end)s": "rapport %(area)s %(start)s %(end)s",
    "activity figures %(year)s": "aktivitetstal %(year)s",
    "evaluation %(date)s": "evaluering %(date)s",
}
