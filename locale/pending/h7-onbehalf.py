"""Danish translations for h7-onbehalf (entering people on their behalf; requests by source)."""

DA = {
    "Self (own sign-up)": "Selv (egen tilmelding)",
    "Referral: psychiatry": "Henvist: psykiatrien",
    "Referral: municipality": "Henvist: kommunen",
    "came in by": "kom ind via",
    "Came in by": "Kom ind via",
    "%(cohort)s · %(taken)s of %(capacity)s seats taken · %(waiting)s waiting": (
        "%(cohort)s · %(taken)s af %(capacity)s pladser optaget · %(waiting)s på venteliste"
    ),
    "Search by name, e-mail or phone. A new person is added first, under participants or with "
    "'Add a person who phoned'.": (
        "Søg på navn, e-mail eller telefon. En ny person oprettes først, under deltagere eller "
        "med 'Tilføj en person, der har ringet'."
    ),
    "Open and running cohorts. When every seat is taken, the person joins the waitlist.": (
        "Hold, der er åbne eller i gang. Er alle pladser optaget, kommer personen på venteliste."
    ),
    "The person agreed (orally) to take part and to be contacted about the course. Your name is "
    "recorded with the consent.": (
        "Personen har (mundtligt) sagt ja til at deltage og til at blive kontaktet om kurset. "
        "Dit navn gemmes sammen med samtykket."
    ),
    "Enroll a person in a cohort": "Tilmeld en person et hold",
    "For a person who phoned or was referred. They get a seat if one is free, otherwise a place "
    "on the waitlist, in the same order as people who sign up themselves. A person with an "
    "e-mail address gets the dates, or their place on the waitlist, by e-mail.": (
        "Til en person, der har ringet eller er henvist. Personen får en plads, hvis der er en "
        "ledig, ellers en plads på ventelisten i samme rækkefølge som dem, der selv tilmelder "
        "sig. En person med e-mailadresse får datoerne eller sin plads på ventelisten på e-mail."
    ),
    "Enroll": "Tilmeld",
    "%(cohort)s is full: %(name)s is number %(position)s on the waitlist.": (
        "%(cohort)s er fuldt: %(name)s er nummer %(position)s på ventelisten."
    ),
    "%(name)s has a seat on %(cohort)s.": "%(name)s har fået en plads på %(cohort)s.",
    "Choose how the person came in: phone, a referral or other.": (
        "Vælg, hvordan personen kom ind: telefon, henvisning eller andet."
    ),
    "This cohort is %(status)s: only open or running cohorts take people.": (
        "Holdet har status %(status)s: kun åbne hold og hold i gang kan tage imod deltagere."
    ),
    "This participant's data has been erased.": "Denne deltagers data er slettet.",
    "Choose a cohort of the participant's own organisation.": (
        "Vælg et hold i deltagerens egen organisation."
    ),
    "Ask whether the person agrees to take part and to be contacted about the course, and tick "
    "the box when they say yes.": (
        "Spørg, om personen vil deltage og må kontaktes om kurset, og sæt flueben, når de siger ja."
    ),
    "%(name)s is already on this cohort (%(status)s).": (
        "%(name)s er allerede på dette hold (%(status)s)."
    ),
    "Already a participant?": "Allerede deltager?",
    "Search by name, e-mail or phone. Leave empty for a new person and fill in the fields below.": (
        "Søg på navn, e-mail eller telefon. Lad feltet stå tomt for en ny person, og udfyld "
        "felterne nedenfor."
    ),
    "What would they like help with?": "Hvad vil personen gerne have hjælp til?",
    "In their own words, briefly. No diagnoses.": "Kort, med personens egne ord. Ingen diagnoser.",
    "Health data: stored only with consent to store lived experience.": (
        "Helbredsoplysninger: gemmes kun med samtykke til at gemme levede erfaringer."
    ),
    "When can they usually meet?": "Hvornår kan personen som regel mødes?",
    "Meet online or by phone": "Mødes online eller i telefon",
    "Wish about the guide's gender": "Ønske om peerguidens køn",
    "Language to speak with the guide": "Sprog med peerguiden",
    "What they wish for": "Hvad personen ønsker",
    "This participant belongs to another organisation.": (
        "Denne deltager hører til en anden organisation."
    ),
    "Enroll them in a course": "Tilmeld personen et kursus",
    "Add a person who phoned or was referred": "Tilføj en person, der har ringet eller er henvist",
    "One page for the person and their request for a peer guide. The request joins the waiting "
    "list at once; a person with an e-mail address gets a receipt with a link to follow it. "
    "Without e-mail or phone they get no messages, but can still be matched.": (
        "Én side til personen og ønsket om en peerguide. Anmodningen kommer straks på "
        "ventelisten; en person med e-mailadresse får en kvittering med et link til at følge "
        "den. Uden e-mail eller telefon får personen ingen beskeder, men kan stadig matches."
    ),
    "Save person and request": "Gem person og anmodning",
    "The request for %(name)s was saved and is waiting for a peer guide.": (
        "Anmodningen for %(name)s er gemt og venter på en peerguide."
    ),
    "Ask whether the person agrees to receive peer support and to be contacted about it, and "
    "tick the box when they say yes.": (
        "Spørg, om personen vil have peerstøtte og må kontaktes om det, og sæt flueben, når de "
        "siger ja."
    ),
    "%(name)s already has a request (%(status)s, since %(date)s). Open that request instead of "
    "adding another.": (
        "%(name)s har allerede en anmodning (%(status)s, siden %(date)s). Åbn den i stedet for "
        "at tilføje en ny."
    ),
    "Ask whether the person agrees to receive peer support and to be contacted about it. "
    "Without that consent we cannot add the request.": (
        "Spørg, om personen vil have peerstøtte og må kontaktes om det. Uden det samtykke kan vi "
        "ikke tilføje anmodningen."
    ),
    "how to reach them": "sådan får man fat i personen",
    "When there is no e-mail or phone: who to call or where to find them. No health details "
    "here.": (
        "Når der ikke er e-mail eller telefon: hvem man ringer til, eller hvor personen kan "
        "findes. Ingen helbredsoplysninger her."
    ),
    "given orally": "givet mundtligt",
    "Given on the phone or in person, and recorded by a coordinator.": (
        "Givet i telefonen eller ansigt til ansigt og noteret af en koordinator."
    ),
    "Read each purpose to the person and tick what they agree to. The consent is recorded as "
    "given orally, with your name.": (
        "Læs hvert formål op for personen, og sæt flueben ved det, de siger ja til. Samtykket "
        "gemmes som givet mundtligt, med dit navn."
    ),
    "Optional. Without e-mail the person gets no messages from us.": (
        "Valgfrit. Uden e-mail får personen ingen beskeder fra os."
    ),
    "Needed when there is no e-mail or phone, e.g. 'call the contact person at the ward, 65 41 "
    "00 00, weekdays 8-15'. No health details here.": (
        "Skal udfyldes, når der ikke er e-mail eller telefon, fx 'ring til kontaktpersonen på "
        "afsnittet, 65 41 00 00, hverdage 8-15'. Ingen helbredsoplysninger her."
    ),
    "Preferred language": "Foretrukket sprog",
    "Not known": "Ukendt",
    "Consent given orally": "Samtykke givet mundtligt",
    "The person": "Personen",
    "Consent": "Samtykke",
    "Write the year the person was born, e.g. 1990.": "Skriv det år, personen er født, fx 1990.",
    "Write the person's first name.": "Skriv personens fornavn.",
    "Give a phone number or an e-mail address, or write how to reach the person (who to call, "
    "where to find them).": (
        "Skriv et telefonnummer eller en e-mailadresse, eller skriv, hvordan man får fat i "
        "personen (hvem man ringer til, hvor personen kan findes)."
    ),
    "%(name)s was already registered with this e-mail address or phone number, so the existing "
    "participant was used (missing contact details and consents were added).": (
        "%(name)s var allerede registreret med denne e-mailadresse eller dette telefonnummer, så "
        "den eksisterende deltager blev brugt (manglende kontaktoplysninger og samtykker blev "
        "tilføjet)."
    ),
    "Add a participant on their behalf": "Tilføj en deltager på personens vegne",
    "For a person who phoned or was referred. To add a request for a peer guide at the same "
    "time, use 'Add a person who phoned' under support requests.": (
        "Til en person, der har ringet eller er henvist. Skal der samtidig oprettes en anmodning "
        "om peerguide, så brug 'Tilføj en person, der har ringet' under anmodninger."
    ),
    "Save participant": "Gem deltager",
    "%(name)s was added.": "%(name)s er tilføjet.",
    "Choose how the person came in.": "Vælg, hvordan personen kom ind.",
    "Give an e-mail address, a phone number, or a note of how to reach the person.": (
        "Skriv en e-mailadresse, et telefonnummer eller en note om, hvordan man får fat i personen."
    ),
    "Tick what the person agreed to. Without consent we store nothing.": (
        "Sæt flueben ved det, personen har sagt ja til. Uden samtykke gemmer vi intet."
    ),
    "Requests received, by source": "Modtagne anmodninger, efter hvordan de kom ind",
    "Add a person who phoned": "Tilføj en person, der har ringet",
    "consent given orally, recorded by": "samtykke givet mundtligt, noteret af",
    "Becomes the guide's login; they get a receipt here.": (
        "Bliver peerguidens login; personen får en kvittering her."
    ),
    "Why they would like to be a peer guide": "Hvorfor personen gerne vil være peerguide",
    "The person agreed (orally) that we store their application. Your name is recorded with the "
    "consent.": (
        "Personen har (mundtligt) sagt ja til, at vi gemmer ansøgningen. Dit navn gemmes sammen "
        "med samtykket."
    ),
    "The applicant": "Ansøgeren",
    "Add a guide applicant on their behalf": "Tilføj en peerguide-ansøger på personens vegne",
    "For someone who phoned or was referred and would like to become a peer guide. They start "
    "as an applicant; the interview, training and checklist follow as for everyone.": (
        "Til en, der har ringet eller er henvist og gerne vil være peerguide. Personen starter "
        "som ansøger; samtale, uddannelse og tjekliste følger som for alle andre."
    ),
    "Save applicant": "Gem ansøger",
    "%(name)s was added as an applicant.": "%(name)s er tilføjet som ansøger.",
    "Ask whether the person agrees that we store their application, and tick the box when they "
    "say yes.": (
        "Spørg, om personen vil have, at vi gemmer ansøgningen, og sæt flueben, når de siger ja."
    ),
    "There is already a login with this e-mail address.": (
        "Der findes allerede et login med denne e-mailadresse."
    ),
    "Please correct the error below.": (
        "Ret venligst fejlen nedenfor.",
        "Ret venligst fejlene nedenfor.",
    ),
}
