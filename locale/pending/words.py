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
