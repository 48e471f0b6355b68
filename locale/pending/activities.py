"""Danish for the strings of the `activities` branch (hosts edit their activities, follow an
interest, group activities in the reports)."""

DA = {
    # activities/models.py
    "last changed by a host": "sidst ændret af en vært",
    "last changed by": "sidst ændret af",
    "follow of an interest": "følger en interesse",
    "follows of interests": "følger interesser",
    "Following": "Følger",
    "Stopped": "Stoppet",
    "asked": "spurgt",
    "stopped": "stoppet",
    "news of an activity": "nyhed om en aktivitet",
    "news of activities": "nyheder om aktiviteter",
    "found": "fundet",
    "sent": "sendt",
    # activities/services.py
    "Only active peer guides can change activities. Talk to your coordinator.": (
        "Kun aktive peerguides kan ændre aktiviteter. Tal med din koordinator."
    ),
    "This activity has ended, so it cannot be changed.": (
        "Aktiviteten er slut, så den kan ikke ændres."
    ),
    "The day or time has changed. See the new dates on the activity's page.": (
        "Dagen eller tidspunktet er ændret. Se de nye datoer på aktivitetens side."
    ),
    "No one runs activities in this municipality yet. Choose one nearby.": (
        "Der er ingen, der holder aktiviteter i den kommune endnu. Vælg en kommune i nærheden."
    ),
    # activities/forms.py
    "Choose an interest": "Vælg en interesse",
    "Choose an interest.": "Vælg en interesse.",
    "Choose a municipality.": "Vælg en kommune.",
    "I agree that the organisation keeps my first name, contact details and what I follow, "
    "to write to me when there is a new activity. At most once a week; I can stop it from "
    "every message.": (
        "Jeg siger ja til, at organisationen gemmer mit fornavn, mine kontaktoplysninger og det, "
        "jeg følger, så de kan skrive til mig, når der er en ny aktivitet. Højst én gang om ugen; "
        "jeg kan stoppe det fra hver besked."
    ),
    "We need your consent to write to you.": "Vi skal have dit ja for at skrive til dig.",
    # activities/views.py
    "Done. We will not write to you about new activities.": (
        "Sådan. Vi skriver ikke til dig om nye aktiviteter."
    ),
    "Your changes are saved. If a date moved, those coming are told.": (
        "Dine ændringer er gemt. Er en dato flyttet, får dem, der kommer, besked."
    ),
    # templates/activities/*.html
    "Change": "Ret",
    "Change the activity": "Ret aktiviteten",
    "Dates that stay the same keep the names of those coming. If a date disappears or moves, "
    "we tell those who said they would come.": (
        "Datoer, der ikke ændres, beholder navnene på dem, der kommer. Forsvinder eller flytter "
        "en dato, giver vi besked til dem, der har sagt, at de kommer."
    ),
    "Save the changes": "Gem ændringerne",
    "Hear about new activities": "Hør om nye aktiviteter",
    "Tell us what you like and where you live. We write when something new starts, at most "
    "once a week.": (
        "Fortæl os, hvad du kan lide, og hvor du bor. Vi skriver, når noget nyt starter, højst "
        "én gang om ugen."
    ),
    "Follow an interest": "Følg en interesse",
    "Choose something you like and where you live. When a new activity like that starts, we "
    "write to you.": (
        "Vælg noget, du kan lide, og hvor du bor. Når en ny aktivitet af den slags starter, "
        "skriver vi til dig."
    ),
    "We write at most once a week. You can stop it from every message.": (
        "Vi skriver højst én gang om ugen. Du kan stoppe det fra hver besked."
    ),
    "We have sent you a text message with a link. Open the link to confirm.": (
        "Vi har sendt dig en sms med et link. Åbn linket for at bekræfte."
    ),
    "We have sent you an e-mail with a link. Open the link to confirm.": (
        "Vi har sendt dig en e-mail med et link. Åbn linket for at bekræfte."
    ),
    "Nothing arrived? Look in your spam folder. Until you confirm, we do not write to you.": (
        "Er der ikke kommet noget? Se i din spam-mappe. Indtil du bekræfter, skriver vi ikke til "
        "dig."
    ),
    "Thank you, %(name)s. We write to you when there is a new activity like that.": (
        "Tak, %(name)s. Vi skriver til dig, når der er en ny aktivitet af den slags."
    ),
    "Hi %(name)s. Press the button to confirm that we may write to you.": (
        "Hej %(name)s. Tryk på knappen for at bekræfte, at vi må skrive til dig."
    ),
    "Yes, write to me": "Ja, skriv til mig",
    "You have stopped these messages. To start them again, fill in the form once more.": (
        "Du har stoppet disse beskeder. Vil du have dem igen, så udfyld formularen en gang til."
    ),
    "See all activities": "Se alle aktiviteter",
    "New activities for you": "Nye aktiviteter til dig",
    "What you follow": "Det, du følger",
    "Stop writing to me about new activities": "Stop med at skrive til mig om nye aktiviteter",
    "You do not follow anything. We do not write to you about new activities.": (
        "Du følger ikke noget. Vi skriver ikke til dig om nye aktiviteter."
    ),
    # templates/activities/email and sms
    "New place:": "Nyt sted:",
    "%(title)s on %(day)s has a new place: %(where)s.": (
        "%(title)s %(day)s har fået et nyt sted: %(where)s."
    ),
    "See the activity:": "Se aktiviteten:",
    "See the activity": "Se aktiviteten",
    "The activity %(day)s has a new place. See: %(link)s": (
        "Aktiviteten %(day)s har fået et nyt sted. Se: %(link)s"
    ),
    "A host changed an activity:": "En vært har ændret en aktivitet:",
    "%(host)s changed the activity %(title)s. It is still in the calendar.": (
        "%(host)s har ændret aktiviteten %(title)s. Den er stadig i kalenderen."
    ),
    "Changed:": "Ændret:",
    "Have a look, and end it in the admin if it is not right:": (
        "Se den, og afslut den i administrationen, hvis den ikke er i orden:"
    ),
    "Have a look, and end it in the admin if it is not right": (
        "Se den, og afslut den i administrationen, hvis den ikke er i orden"
    ),
    "Confirm that you want to hear about new activities": (
        "Bekræft, at du vil høre om nye aktiviteter"
    ),
    "You asked to hear about new activities with %(interest)s in %(municipality)s.": (
        "Du har bedt om at høre om nye aktiviteter med %(interest)s i %(municipality)s."
    ),
    "We write at most once a week, and every message has a link to stop them. The link works "
    "for %(days)s days. If it was not you, you can ignore this e-mail.": (
        "Vi skriver højst én gang om ugen, og hver besked har et link, hvor du kan stoppe dem. "
        "Linket virker i %(days)s dage. Var det ikke dig, kan du se bort fra denne e-mail."
    ),
    "Confirm news about activities: %(link)s": "Bekræft nyt om aktiviteter: %(link)s",
    "All activities:": "Alle aktiviteter:",
    "All activities": "Alle aktiviteter",
    "Stop these messages, or see what you follow:": ("Stop beskederne, eller se, hvad du følger:"),
    "Stop these messages, or see what you follow": "Stop beskederne, eller se, hvad du følger",
    "New activities for you (or stop these texts): %(link)s": (
        "Nye aktiviteter til dig (eller stop sms'erne): %(link)s"
    ),
    # reports/pages.py
    "Group activities": "Gruppeaktiviteter",
    "Group activity dates held": "Afholdte datoer for gruppeaktiviteter",
    "Attendances at group activities": "Fremmøder til gruppeaktiviteter",
    "Activities with a date held": "Aktiviteter med en afholdt dato",
    "Host hours": "Værtstimer",
    "Dates held and attendances per activity": "Afholdte datoer og fremmøder pr. aktivitet",
    "Activity": "Aktivitet",
    "Dates held": "Afholdte datoer",
    "Attendances": "Fremmøder",
    "Group activity dates held and attendances per month": (
        "Afholdte datoer og fremmøder til gruppeaktiviteter pr. måned"
    ),
    "of which group activity dates": "heraf datoer for gruppeaktiviteter",
    "Group activities with a date held": "Gruppeaktiviteter med en afholdt dato",
    "Group activity host hours": "Værtstimer i gruppeaktiviteter",
    "Group activity volunteer hours": "Frivillige timer i gruppeaktiviteter",
}
DA["A new activity for you"] = ("En ny aktivitet til dig", "%(counter)s nye aktiviteter til dig")
DA["There is a new activity with an interest you follow:"] = (
    "Der er en ny aktivitet med en interesse, du følger:",
    "Der er %(counter)s nye aktiviteter med interesser, du følger:",
)
