DA = {
    "The cohort already has a session at %(time)s.": "Holdet har allerede en kursusgang den %(time)s.",
    "The meeting on %(time)s has not taken place yet, so nobody can have failed to show up. Cancel it instead if it will not happen.": "Mødet den %(time)s har ikke fundet sted endnu, så ingen kan være udeblevet. Aflys det i stedet, hvis det ikke bliver til noget.",
}
DA.update({
    "%(counter)s session": "%(counter)s gang",
    "%(counter)s sessions": "%(counter)s gange",
    "Session %(number)s": "%(number)s. gang",
    "A little reminder: the next session of %(title)s with %(organisation)s is %(when)s.": "En lille påmindelse: næste gang på %(title)s hos %(organisation)s er %(when)s.",
    "Next session: %(day)s at %(time)s": "Næste gang: %(day)s kl. %(time)s",
})
DA.update({
    "Choose the answer that fits best, or leave the check-in for another day.": "Vælg det svar, der passer bedst, eller lad tjekket vente til en anden dag.",
    "Then you can take yourself off the waitlist here. You can always sign up again later.": "Så kan du tage dig selv af ventelisten her. Du kan altid tilmelde dig igen senere.",
    "The course is under way": "Kurset er i gang",
    "The course has ended": "Kurset er slut",
    "The course has been cancelled": "Kurset er aflyst",
    "Not open for sign-up yet": "Endnu ikke åbent for tilmelding",
    "This course has ended. Have a look at the other courses.": "Kurset er slut. Se de andre kurser.",
})
DA.update({
    "Write your e-mail address, so we can send you a link.": "Skriv din e-mail, så vi kan sende dig et link.",
    "Write the whole e-mail address, e.g. name@example.dk.": "Skriv hele e-mailadressen, fx navn@eksempel.dk.",
    "Write your first name, so we know what to call you.": "Skriv dit fornavn, så vi ved, hvad vi skal kalde dig.",
    "Choose the municipality you live in.": "Vælg den kommune, du bor i.",
    "Choose where you would like help.": "Vælg, hvor du gerne vil have hjælp.",
    "Please fill this in.": "Husk at udfylde dette felt.",
    "Choose one of the options.": "Vælg en af mulighederne.",
    "Choose from the options.": "Vælg blandt mulighederne.",
    "Write a date, e.g. 24.12.2026.": "Skriv en dato, fx 24.12.2026.",
    "Write a time, e.g. 17.30.": "Skriv et klokkeslæt, fx 17.30.",
    "Please keep it shorter: at most %(limit_value)d characters.": "Gør det lidt kortere: højst %(limit_value)d tegn.",
    "The number must be at least %(limit_value)s.": "Tallet skal være mindst %(limit_value)s.",
    "The number can be at most %(limit_value)s.": "Tallet må højst være %(limit_value)s.",
    "Write a whole number with digits.": "Skriv et helt tal med cifre.",
    "Write a date and a time, e.g. 24.12.2026 17.30.": "Skriv en dato og et klokkeslæt, fx 24.12.2026 17.30.",
})
DA.update({
    "You have sent this form many times in a short while, so we have to ask you to wait. What you wrote is still here: try again in an hour. If it is urgent, write to us at %(email)s.": "Du har sendt formularen mange gange på kort tid, så vi må bede dig vente lidt. Det, du skrev, står her stadig: prøv igen om en time. Hvis det haster, så skriv til os på %(email)s.",
})
