# Danish dates where Django formats them itself (admin lists, a date not passed through a filter):
# the same style as core/dates.py, "22. december 2026 kl. 17.00". Input formats stay Django's.
DATE_FORMAT = "j. F Y"
TIME_FORMAT = "H.i"
DATETIME_FORMAT = r"j. F Y \k\l. H.i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j. F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H.i"
