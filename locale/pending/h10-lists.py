DA = {
    "Only the latest row is shown here.": (
        "Kun den seneste række vises her.",
        "Kun de seneste %(count)s rækker vises her.",
    ),
    "See all %(name)s": "Se alle %(name)s",
    "More meetings": "Flere møder",
    "Page %(number)s of %(pages)s": "Side %(number)s af %(pages)s",
    "Newer meetings": "Nyere møder",
    "Older meetings": "Ældre møder",
}
