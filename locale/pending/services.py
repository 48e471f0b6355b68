"""Danish for the strings helper "services" added (issue 14, points 2 and 3). Coordinators read them
in the admin."""

DA = {
    "This cannot be changed once the cohort exists. Move, add or cancel its sessions one at a "
    "time instead.": "Det kan ikke ændres, når holdet er oprettet. Flyt, tilføj eller aflys "
    "kursusgangene én ad gangen i stedet.",
    "The status changes with the actions on the list of cohorts.": "Status ændres med "
    "handlingerne på listen over hold.",
    "%(taken)s person holds a seat, so the cohort needs at least %(taken)s seat. Withdraw someone "
    "first to have fewer.": "%(taken)s person har en plads, så holdet skal have mindst "
    "%(taken)s plads. Meld nogen fra først, hvis der skal være færre.",
    "%(taken)s people hold a seat, so the cohort needs at least %(taken)s seats. Withdraw someone "
    "first to have fewer.": "%(taken)s personer har en plads, så holdet skal have mindst "
    "%(taken)s pladser. Meld nogen fra først, hvis der skal være færre.",
    "A cancelled session stays cancelled. Add a new session from the cohort's page instead.": (
        "En aflyst kursusgang forbliver aflyst. Tilføj i stedet en ny kursusgang fra holdets side."
    ),
}
