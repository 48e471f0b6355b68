DA = {
    (
        "Figures as of %(time)s. They are computed again after any change, and at least every "
        "%(minutes)s minutes."
    ): (
        "Tallene er fra kl. %(time)s. De regnes forfra efter enhver ændring og mindst hvert "
        "%(minutes)s. minut."
    ),
    "More than %(count)s %(name)s: filter or search to narrow the list.": (
        "Mere end %(count)s %(name)s: filtrér eller søg for at gøre listen kortere."
    ),
}
