"""New strings from helper "helpers" (issue 14 points 5-7), with their Danish."""

DA = {
    "Not saved. Reload the page and try again.": "Ikke gemt. Genindlæs siden, og prøv igen.",
}
