# ruff: noqa: E501 - a table of translations reads best one pair a line
"""Danish for the msgids added by h6-overview (coordinator overview, hand-over, reassigning)."""

DA = {
    # volunteers/admin_filters.py
    "onboarding": "forløb før start",
    "Not moved for 30 days": "Ikke flyttet sig i 30 dage",
    "return from a break": "tilbage fra pause",
    "Return date has passed": "Datoen for at komme tilbage er passeret",
    # matching/admin_filters.py
    "proposal": "forslag",
    "Not answered for more than 3 days": "Ikke besvaret i mere end 3 dage",
    "fit check": "kemitjek",
    "Someone answered no (match still running)": "Nogen svarede nej (matchet kører stadig)",
    "hand-over": "overdragelse",
    "Running, guide stepped back": "Kører, peerguiden er trådt tilbage",
    "Proposed, guide stepped back": "Foreslået, peerguiden er trådt tilbage",
    # courses/admin_filters.py
    "starting soon": "starter snart",
    "Within 14 days, too few participants or facilitators": (
        "Inden for 14 dage, for få deltagere eller holdledere"
    ),
    "A facilitator stepped back": "En holdleder er trådt tilbage",
    # matching/admin_reassign.py and templates/admin/matching/reassign.html
    "%(name)s (%(free)s of %(capacity)s places free)": "%(name)s (%(free)s af %(capacity)s pladser ledige)",
    "New peer guide": "Ny peerguide",
    "Active guides of the match's organisation with a free place.": (
        "Aktive peerguides i matchets organisation med en ledig plads."
    ),
    "Reassign to another guide": "Overdrag til en anden peerguide",
    "Only open matches and proposals can be reassigned.": (
        "Kun åbne match og forslag kan overdrages."
    ),
    "Choose matches of one organisation at a time.": "Vælg match fra én organisation ad gangen.",
    "%(count)d match now has %(guide)s as its guide.": (
        "%(count)d match har nu %(guide)s som peerguide.",
        "%(count)d match har nu %(guide)s som peerguide.",
    ),
    "The match keeps its meetings, feedback and history. A proposal goes to the new guide to "
    "answer; for a running match the new guide and the participant are told by e-mail.": (
        "Matchet beholder sine møder, svar og historik. Et forslag går videre til den nye "
        "peerguide, som svarer på det; ved et igangværende match får den nye peerguide og "
        "deltageren besked på e-mail."
    ),
    "Match #%(number)s (%(status)s), now with %(guide)s": "Match nr. %(number)s (%(status)s), nu med %(guide)s",
    "Reassign": "Overdrag",
    # matching/services.py
    "reassigned": "overdraget",
    "%(name)s is already the guide of this match.": "%(name)s er allerede peerguide for dette match.",
    "%(name)s is %(status)s and cannot take over a match.": (
        "%(name)s er %(status)s og kan ikke overtage et match."
    ),
    "Reassigned from %(old)s to %(new)s.": "Overdraget fra %(old)s til %(new)s.",
    # reports/overview.py
    "requests waiting for a guide": "anmodninger, der venter på en peerguide",
    "longest wait: %(days)s days": "længste ventetid: %(days)s dage",
    "proposals not answered for more than 3 days": "forslag, der ikke er besvaret i over 3 dage",
    "matches without a meeting for too long": "match uden møde i for lang tid",
    "matches where the fit check said no": "match, hvor kemitjekket sagde nej",
    "guides' well-being check-ins that need follow-up": "trivselssvar fra peerguides, der skal følges op",
    "applicants whose onboarding has not moved for 30 days": (
        "ansøgere, hvis forløb før start ikke har flyttet sig i 30 dage"
    ),
    "certificates that expire within 60 days (or have expired)": (
        "attester og certificeringer, der udløber inden for 60 dage (eller er udløbet)"
    ),
    "cohorts starting within 14 days with too few participants or facilitators": (
        "hold, der starter inden for 14 dage med for få deltagere eller holdledere"
    ),
    "paused guides whose return date has passed": (
        "peerguides på pause, hvis dato for at komme tilbage er passeret"
    ),
    "running matches": "igangværende match",
    "unanswered proposals": "ubesvarede forslag",
    "cohorts they facilitate": "hold, de leder",
    # templates/admin/reports/overview.html
    "Needs attention": "Kræver opmærksomhed",
    "What needs attention in your organisations, with links to the lists": (
        "Det, der kræver opmærksomhed i dine organisationer, med links til listerne"
    ),
    "Hand-over: guides who stepped back": "Overdragelse: peerguides, der er trådt tilbage",
    "These still have a guide who is paused, retired or declined. Reassign each to another "
    "guide, pause it or end it.": (
        "Disse har stadig en peerguide, der er på pause, er stoppet eller har fået afslag. "
        "Overdrag hver enkelt til en anden peerguide, sæt det på pause eller afslut det."
    ),
    "What guides who stepped back still hold": "Det, som peerguides, der er trådt tilbage, stadig har",
    "Guides:": "Peerguides:",
    "Nothing to hand over: every open match and cohort has a guide who is active.": (
        "Intet at overdrage: alle åbne match og hold har en aktiv peerguide."
    ),
    # templates/volunteers/email/handover.*
    "%(guide_name)s is stepping back: what needs a new guide": (
        "%(guide_name)s træder tilbage: det skal have en ny peerguide"
    ),
    "%(guide_name)s has changed their own status on the dashboard to “%(status)s”.": (
        "%(guide_name)s har selv ændret sin status på sin side til “%(status)s”."
    ),
    "%(guide_name)s's status is now “%(status)s”.": "%(guide_name)s har nu status “%(status)s”.",
    "Expected back on %(date)s.": "Forventes tilbage den %(date)s.",
    "These need a new guide, a pause or an ending. They stay on the overview in the admin until "
    "then:": (
        "Disse skal have en ny peerguide, sættes på pause eller afsluttes. Indtil da står de på "
        "oversigten i administrationen:"
    ),
    "Overview:": "Oversigt:",
    "They have no open matches, proposals or cohorts to hand over.": (
        "Der er ingen åbne match, forslag eller hold at overdrage."
    ),
    "The guide's page:": "Peerguidens side:",
    "Open the overview": "Åbn oversigten",
    "The guide's page": "Peerguidens side",
    "Match #%(number)s (%(status)s)": "Match nr. %(number)s (%(status)s)",
    "Proposal #%(number)s, not yet answered": "Forslag nr. %(number)s, endnu ikke besvaret",
    "first session %(date)s": "første kursusgang %(date)s",
    "facilitator": "holdleder",
    # templates/matching/email/handed_over_guide.*, new_guide_participant.*
    "You are taking over a match": "Du overtager et match",
    "Thank you for taking over. %(participant_first_name)s had another peer guide until now and "
    "has been told that you are their new guide. Please get in touch within a week.": (
        "Tak, fordi du tager over. %(participant_first_name)s havde indtil nu en anden "
        "peerguide og har fået besked om, at du er den nye. Tag gerne kontakt inden for en uge."
    ),
    "The match's meetings so far are on your page.": "Matchets møder indtil nu står på din side.",
    "You have a new peer guide": "Du har fået en ny peerguide",
    "Your peer guide cannot continue for now. %(guide_first_name)s will be your peer guide from "
    "now on and will contact you within a week.": (
        "Din peerguide kan ikke fortsætte lige nu. %(guide_first_name)s er din peerguide fra nu "
        "af og kontakter dig inden for en uge."
    ),
}
