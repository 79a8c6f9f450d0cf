# broadcaster — two commands do everything on a fresh Debian/Ubuntu machine:
#   make run    install what is missing, then run the daemon on ./config.toml
#   make test   install that plus the test rig (PulseAudio null sink), then the whole suite

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT    := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get
# VLC 3 (libVLC + the PulseAudio/ALSA outputs) and ffmpeg come from the OS packages;
# jemalloc stops the daemon's memory creeping up an airing at a time (broadcaster/_lib/allocator.py).
RUN_PACKAGES  := vlc-bin vlc-plugin-base ffmpeg python3-venv libjemalloc2
# poppler-utils: pdftotext and pdftoppm read the exported PDFs back in the tests.
# postgresql-15: a throwaway cluster runs the migrations on PostgreSQL (the province's).
# chromium: the console's pages in a real browser (Playwright drives Debian's, no download).
TEST_PACKAGES := pulseaudio pulseaudio-utils poppler-utils postgresql-15 chromium
SAMPLE := media/sample/chuyen-doi-so-ban-mau.mp3

.PHONY: run test central os-deps os-test-deps os-central-deps venv lint typecheck rig bench clean install-service signal

run: os-deps $(VENV)/.installed
	@mkdir -p media/inbox/chuyen-doi-so media/library media/quarantine
	@# Nothing is put into the inbox: at its very first start the daemon airs the bundled
	@# sample ($(SAMPLE)) once as a test airing (phát thử), counted in no quota
	@# ([station] test_airing_on_first_start; `broadcaster test-airing` any time after).
	$(BIN)/broadcaster --config config.toml run

test: os-deps os-test-deps $(VENV)/.installed-test rig
	$(BIN)/ruff check broadcaster tests bench
	$(BIN)/ruff format --check broadcaster tests bench
	$(BIN)/mypy broadcaster
	$(BIN)/python -m pytest

# The province service on this machine (#14), for a newcomer to see it work: a persistent
# PostgreSQL 15 cluster, the province CA and the service's certificate under var/central/,
# then `broadcaster central serve` on 127.0.0.1:8443 (broadcaster/central/local.py).
central: os-deps os-central-deps $(VENV)/.installed
	$(BIN)/python -m broadcaster.central.local

os-central-deps:
	@[ -x /usr/lib/postgresql/15/bin/initdb ] || { \
		echo "Installing PostgreSQL 15 (the province service's database)..."; \
		$(APT) update -qq && $(APT) install -y -qq --no-install-recommends postgresql-15; }

os-deps:
	@missing=""; \
	for tool in cvlc ffmpeg ffprobe; do command -v $$tool >/dev/null || missing=1; done; \
	$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || missing=1; \
	ls /usr/lib/*-linux-gnu/libjemalloc.so.2 >/dev/null 2>&1 || missing=1; \
	if [ -n "$$missing" ]; then \
		echo "Installing VLC 3, ffmpeg, python3-venv and jemalloc from the OS packages..."; \
		$(APT) update -qq && $(APT) install -y -qq --no-install-recommends $(RUN_PACKAGES); \
	fi

os-test-deps:
	@missing=""; \
	for tool in pulseaudio pactl parec pdftotext pdftoppm chromium; do command -v $$tool >/dev/null || missing=1; done; \
	[ -x /usr/lib/postgresql/15/bin/initdb ] || missing=1; \
	if [ -n "$$missing" ]; then \
		echo "Installing the PulseAudio test rig and PostgreSQL 15 (the migrations' second database)..."; \
		$(APT) update -qq && $(APT) install -y -qq --no-install-recommends $(TEST_PACKAGES); \
	fi

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@ $(VENV)/.installed

rig: os-test-deps $(VENV)/.installed-test
	$(BIN)/python -m tests.support.rig start

lint: $(VENV)/.installed-test
	$(BIN)/ruff check broadcaster tests bench
	$(BIN)/ruff format --check broadcaster tests bench

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy broadcaster

bench: os-deps os-test-deps $(VENV)/.installed-test rig
	$(BIN)/python -m bench.latency
	$(BIN)/python -m bench.idle

# The default attention signal (nhạc hiệu) before and after bulletins, synthesised with
# pydub's generators (broadcaster/audio/jingle/chime.py): ours to ship, rebuilt sample for sample.
signal: $(VENV)/.installed
	$(BIN)/python -m broadcaster.audio.jingle.chime media/signals/nhac-hieu.flac

# The service: deploy/broadcaster.service rendered for this folder and the desktop user
# who runs `sudo make install-service` (the sound server is theirs; see the unit's comments).
# SERVICE_SED is also run by tests/unit/_lib/test_systemd.py, with $$user and $$uid set.
SERVICE_UNIT := /etc/systemd/system/broadcaster.service
SERVICE_SED   = sed -e 's|@PROJECT@|$(CURDIR)|g' -e "s|@USER@|$$user|g" -e "s|@UID@|$$uid|g"

install-service: $(VENV)/.installed
	@case "$(CURDIR)" in *[[:space:]]*) \
		echo "The project path has a space in it; move it to a path without spaces."; exit 1;; esac
	@user="$${SUDO_USER:-$$(id -un)}"; uid="$$(id -u "$$user")"; \
	rendered="$$(mktemp)"; trap 'rm -f "$$rendered"' EXIT; \
	$(SERVICE_SED) deploy/broadcaster.service > "$$rendered"; \
	if [ -d /run/systemd/system ]; then \
		$(SUDO) install -m 644 "$$rendered" $(SERVICE_UNIT) && \
		$(SUDO) loginctl enable-linger "$$user" && \
		$(SUDO) systemctl daemon-reload && \
		$(SUDO) systemctl enable --now broadcaster && \
		echo "Installed $(SERVICE_UNIT) (user $$user). Logs: journalctl -u broadcaster -f"; \
	else \
		echo "systemd is not running here; nothing installed. It would:"; \
		echo "  install this unit as $(SERVICE_UNIT):"; sed 's/^/    /' "$$rendered"; \
		echo "  loginctl enable-linger $$user   (their sound server starts at boot)"; \
		echo "  systemctl daemon-reload"; \
		echo "  systemctl enable --now broadcaster"; \
	fi

clean:
	# Never var/: it holds the station database and its as-run log.
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
