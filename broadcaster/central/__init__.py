"""The province service (#14): every station's log in one place, witnessed and watched.

Built a piece at a time. So far: `app` and `server`, the station API over mutual TLS
(upload rows, read the head, heartbeats), storing through store/central_rows.py. The
province's certificate authority, which decides who may talk to the service (a station's
certificate names the station, and a connection may write that station's rows only), is
_lib/pki.py: the station's side uses it too.
"""
