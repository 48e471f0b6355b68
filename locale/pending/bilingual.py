# ruff: noqa: E501
"""Danish for the strings of issue 17 point 1 (coordinators' texts in Danish and English)."""

DA = {
    # The help text under every English field in the admin (core.bilingual.ENGLISH_HELP).
    "Shown to people who read the site in English. Empty: they see the Danish text.": "Vises for dem, der læser siden på engelsk. Tom: de ser den danske tekst.",
    # Programme, session plan, cohort, session.
    "variant / target group (English)": "variant / målgruppe (engelsk)",
    "description for participants (English)": "beskrivelse til deltagere (engelsk)",
    "neutral title (English)": "neutral titel (engelsk)",
    "title (English)": "titel (engelsk)",
    "short description (English)": "kort beskrivelse (engelsk)",
    "Shown to English readers. Empty: the Danish title, or the programme's English name when the Danish title is the programme's name.": "Vises for dem, der læser på engelsk. Tom: den danske titel, eller programmets engelske navn, når den danske titel er programmets navn.",
    "extra information for participants (English)": "ekstra information til deltagere (engelsk)",
    # Organisation and crisis contacts.
    "what a peer guide does when a participant is in crisis (English)": "hvad en peerguide gør, når en deltager er i krise (engelsk)",
    "opening hours (English)": "åbningstid (engelsk)",
    "when to call (English)": "hvornår man ringer (engelsk)",
    # Already in the catalogue (the taxonomies' English name); listed for completeness.
    "name (English)": "navn (engelsk)",
}
