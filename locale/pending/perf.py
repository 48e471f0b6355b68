DA = {
    "Pages of the proposal": "Sider i forslaget",
    (
        "Pairs %(first)s–%(last)s of %(total)s. Sending sends the chosen pairs on this page; the "
        "rest are proposed again afterwards."
    ): (
        "Par %(first)s–%(last)s af %(total)s. Når du sender, sendes de valgte par på denne side; "
        "resten bliver foreslået igen bagefter."
    ),
    "Previous pairs": "Forrige par",
    "Next pairs": "Næste par",
    "Page %(number)s of %(count)s": "Side %(number)s af %(count)s",
}
