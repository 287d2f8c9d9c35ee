"""English date and time formats: Django's, with the clock written as people and browsers
write it ("1:00 PM", as ``Intl.DateTimeFormat("en")`` shows on the wall screen), not "1 p.m."."""

TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "N j, Y, g:i A"
SHORT_DATETIME_FORMAT = "m/d/Y g:i A"
