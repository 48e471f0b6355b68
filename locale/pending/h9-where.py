"""Danish for the strings of issue 13, point 5 (choosing where to get help), helper h9-where."""

DA = {
    # core.models / core.admin: the municipalities an organisation serves
    "municipalities served": "kommuner, I dækker",
    "People who live here are offered your organisation when they ask for a peer guide or "
    "apply to become one. Leave empty to serve only the municipality you are based in.": (
        "Folk, der bor her, kan vælge jeres organisation, når de beder om en peerguide eller "
        "søger om at blive peerguide. Lad feltet stå tomt, hvis I kun dækker den kommune, I har "
        "adresse i."
    ),
    "Add whole regions": "Tilføj hele regioner",
    "Every municipality in the regions you tick is added when you save.": (
        "Alle kommuner i de regioner, du sætter flueben ved, bliver tilføjet, når du gemmer."
    ),
    # core.where: step 1 and the organisation field
    "Then we show you who can help where you live.": (
        "Så viser vi dig, hvem der kan hjælpe, hvor du bor."
    ),
    "Choose the municipality you live in.": "Vælg den kommune, du bor i.",
    "Choose the municipality you live in from the list.": (
        "Vælg den kommune, du bor i, på listen."
    ),
    "Choose where you would like to go.": "Vælg, hvor du gerne vil hen.",
    "Choose one of the places in the list.": "Vælg et af stederne på listen.",
    # matching.forms: the expected wait
    "The expected wait: half of those who got a peer guide there in the last three months "
    "waited less than this.": (
        "Forventet ventetid: Halvdelen af dem, der fik en peerguide dér i de sidste tre "
        "måneder, ventede kortere end det."
    ),
    "Expected wait: about %(count)s day": (
        "Forventet ventetid: cirka %(count)s dag",
        "Forventet ventetid: cirka %(count)s dage",
    ),
    "Expected wait: about %(count)s week": (
        "Forventet ventetid: cirka %(count)s uge",
        "Forventet ventetid: cirka %(count)s uger",
    ),
    # templates/includes/where_*.html, matching/request_support.html, volunteers/apply.html
    "Show who can help": "Vis hvem der kan hjælpe",
    "You live in <strong>%(name)s</strong>.": "Du bor i <strong>%(name)s</strong>.",
    "Choose another municipality": "Vælg en anden kommune",
    "We do not have peer guides in %(name)s yet": "Vi har ikke peerguides i %(name)s endnu",
    "None of the organisations on %(SITE_NAME)s look for peer guides in %(name)s yet. We have "
    "not saved anything about you.": (
        "Ingen af organisationerne på %(SITE_NAME)s søger peerguides i %(name)s endnu. Vi har "
        "ikke gemt noget om dig."
    ),
    'Write to us at <a href="mailto:%(CONTACT_EMAIL)s">%(CONTACT_EMAIL)s</a> if you would like '
    "to hear when that changes.": (
        'Skriv til os på <a href="mailto:%(CONTACT_EMAIL)s">%(CONTACT_EMAIL)s</a>, hvis du vil '
        "høre, når det ændrer sig."
    ),
    "We are sorry. None of the organisations on %(SITE_NAME)s help people who live in "
    "%(name)s yet, so we cannot find a peer guide for you here. We have not saved anything "
    "about you.": (
        "Vi er kede af det. Ingen af organisationerne på %(SITE_NAME)s hjælper folk, der bor i "
        "%(name)s, endnu. Derfor kan vi ikke finde en peerguide til dig her. Vi har ikke gemt "
        "noget om dig."
    ),
    'Write to us at <a href="mailto:%(CONTACT_EMAIL)s">%(CONTACT_EMAIL)s</a>. We will gladly '
    "help you find other support near you.": (
        'Skriv til os på <a href="mailto:%(CONTACT_EMAIL)s">%(CONTACT_EMAIL)s</a>. Vi hjælper '
        "dig gerne med at finde anden støtte tæt på dig."
    ),
    "You can also talk to your own doctor about where to get support.": (
        "Du kan også tale med din egen læge om, hvor du kan få støtte."
    ),
    "It is free. First tell us where you live, then we show you who can help there.": (
        "Det er gratis. Fortæl os først, hvor du bor. Så viser vi dig, hvem der kan hjælpe dér."
    ),
    "First tell us where you live, then we show you where you can be a peer guide.": (
        "Fortæl os først, hvor du bor. Så viser vi dig, hvor du kan være peerguide."
    ),
}
