DA = {
    "meetings held on a day": "afholdte møder på en dag",
    "meetings held per day": "afholdte møder pr. dag",
}
