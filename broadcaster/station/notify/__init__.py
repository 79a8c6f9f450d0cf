"""Telling people what the station needs: events go to the log and, when configured, to an
e-mail address (SMTP) and a webhook (a JSON POST), from a background thread so a slow or dead
server never delays an airing. A quiet period per event and subject keeps a flapping device
from sending a hundred mails; what was sent is kept in the `notification` tables."""
