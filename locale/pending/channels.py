"""Danish for the strings of the `channels` branch (preferred channel, texts, short links)."""

DA = {
    # notifications/models.py
    "Automatic: e-mail if there is an address, otherwise text message": (
        "Automatisk: e-mail, hvis der er en adresse, ellers sms"
    ),
    "Text message": "Sms",
    "Both e-mail and text message": "Både e-mail og sms",
    "Add a phone number to get text messages, or choose e-mail.": (
        "Skriv et telefonnummer for at få sms, eller vælg e-mail."
    ),
    "Add an e-mail address to get e-mails, or choose text message.": (
        "Skriv en e-mailadresse for at få e-mails, eller vælg sms."
    ),
    "preferred channel": "foretrukken kanal",
    "How reminders and other messages reach this person.": (
        "Sådan får personen påmindelser og andre beskeder."
    ),
    "code": "kode",
    "expires at": "udløber",
    "short link": "kort link",
    "short links": "korte links",
    # notifications/services.py
    "Unknown message channel.": "Ukendt kanal for beskeden.",
    "Stop texts: %(link)s": "Stop sms: %(link)s",
    # participants/forms.py (the public sign-up forms)
    "How would you like reminders? (optional)": "Hvordan vil du have påmindelser? (valgfrit)",
    "By e-mail": "På e-mail",
    "By text message": "På sms",
    "Both": "Begge dele",
    "A text message never mentions your health or a course. "
    "With no preference we write by e-mail.": (
        "En sms nævner aldrig dit helbred eller et kursus. Vælger du ikke, skriver vi på e-mail."
    ),
    # volunteers/forms.py (the guide's profile)
    "How would you like reminders?": "Hvordan vil du have påmindelser?",
    "Reminders of meetings and sessions. A text message gives only a first name and a "
    "time, never the course.": (
        "Påmindelser om møder og kursusgange. En sms giver kun et fornavn og et tidspunkt, "
        "aldrig kurset."
    ),
    # templates/*.sms.txt (one SMS each: tests/notifications/test_sms_budget.py)
    "Hi %(name)s. You meet %(other)s %(when)s.": ("Hej %(name)s. Du mødes med %(other)s %(when)s."),
    "Hi %(name)s. Reminder: your group meets next %(when)s.": (
        "Hej %(name)s. Husk: næste gang på holdet er %(when)s."
    ),
    "Hi %(name)s. How are you? 5 short questions: %(link)s": (
        "Hej %(name)s. Hvordan går det? 5 korte spørgsmål: %(link)s"
    ),
}
