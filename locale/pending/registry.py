DA = {
    "Data protection": "Databeskyttelse",
    "recipient (keyed hash)": "modtager (nøglehash)",
}
