"""The station console (bảng điều khiển, #13): the web page an operator runs the station from.

Design: a process of its own beside the daemon, on the same database. The daemon airs; the
console reads the database and asks the daemon for what it must do through the paths the
daemon already watches (the inbox for a programme, the bulletin folder, the config files),
or through the same library functions the commands use, each in its own transaction. So a
crash, a slow page or a flood of requests in the console can take nothing from the airing
thread but CPU time, which `bench/console.py` measures (slot-to-sound latency under load).

- `app.py` builds the FastAPI application: sessions, CSRF, the pages and the JSON API;
- `accounts.py` argon2 passwords, roles and the login rate limit;
- `security.py` the cookie key and the CSRF token;
- `web.py` what every page needs (the station, the account, templates, the audit log);
- `pages/` one module per page of the menu, each with its JSON routes under /api/v1;
- `server.py` runs it under uvicorn, on 127.0.0.1 unless `[console] host` says otherwise.
"""
