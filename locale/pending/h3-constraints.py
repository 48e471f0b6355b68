DA = {
    "Check the year. It must be between 2000 and 2100.": (
        "Tjek årstallet. Det skal ligge mellem 2000 og 2100."
    ),
    "Write how many minutes the meeting lasted.": "Skriv, hvor mange minutter mødet varede.",
    "A meeting lasts between 5 and 600 minutes.": "Et møde varer mellem 5 og 600 minutter.",
    "Choose a number from 1 to 5.": "Vælg et tal fra 1 til 5.",
    "The fit check has no rating.": 'Der gives ingen karakter i "Passer det?".',
    "Unknown questionnaire.": "Ukendt spørgeskema.",
    "Unknown respondent.": "Ukendt besvarer.",
    "A programme has at least one session.": "Et forløb har mindst én kursusgang.",
    "A session lasts between 15 and 600 minutes.": "En kursusgang varer mellem 15 og 600 minutter.",
    "Choose a weekday from Monday to Sunday.": "Vælg en ugedag fra mandag til søndag.",
    "An answered questionnaire has all five answers, and its score is their sum.": (
        "Et besvaret skema har alle fem svar, og scoren er summen af dem."
    ),
}
