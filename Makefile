# TIP Kiosk. `make run` and `make test` each do all set-up on a fresh Debian/Ubuntu machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DATA ?= .kiosk-data
XVFB := xvfb-run -a -s "-screen 0 1280x800x24"

# Qt's runtime libraries, libVLC with its plugins, and what the tests use to make media,
# open real windows and render report PDFs to images (poppler-utils) (see docs/deployment.md).
SYSTEM_PACKAGES := libegl1 libgl1 libgbm1 libdrm2 libglib2.0-0 libdbus-1-3 libfontconfig1 \
  libfreetype6 fonts-dejavu-core libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb1 libxcb-cursor0 \
  libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 \
  libxcb-sync1 libxcb-xfixes0 libxcb-xkb1 libnss3 libxcomposite1 libxdamage1 libxrandr2 libxtst6 \
  libxkbfile1 libasound2 libpulse0 libvlc5 libvlc-bin vlc-plugin-base vlc-plugin-video-output
# gcc and libc6-dev build the power-cut test's LD_PRELOAD journal (tests/powercut/journal.c).
# at-spi2-core, dbus-x11, python3-pyatspi, gir1.2-atspi-2.0, orca and xdotool: the screen-reader tests
# read the kiosk over the accessibility bus as Orca does (docs/learner-care.md).
TEST_PACKAGES := xvfb xauth ffmpeg espeak-ng imagemagick poppler-utils gcc libc6-dev \
  at-spi2-core dbus-x11 python3-pyatspi gir1.2-atspi-2.0 orca xdotool

.PHONY: run test check soak bench dist web system-packages test-packages venv ralph-venv clean screenshots translations ts

# Interface translations: the .ts files are committed (kiosk/ui/i18n/tip_kiosk_<lang>.ts); the .qm
# files Qt loads are built from them here (git-ignored; packaging must build them first too).
I18N := kiosk/ui/i18n
TS_FILES := $(wildcard $(I18N)/tip_kiosk_*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)

# As root (a fresh development machine), Chromium will not start with its sandbox on, so this
# development run turns it off and says so; installed kiosks run as an ordinary account (doctor warns).
run: system-packages venv translations web
	@if [ "$$(id -u)" = 0 ]; then echo "Running as root: the web engine's sandbox is off for this development run."; fi
	$(if $(filter 0,$(shell id -u)),QTWEBENGINE_DISABLE_SANDBOX=1 )$(VENV)/bin/tip-kiosk --content modules --data-dir $(DATA)

# The Windows tests under Wine (mostly one Wine process at a time) run beside the offscreen suite,
# which runs in TEST_WORKERS processes (pytest-xdist): much of both is waiting on child processes.
# The Windows run writes to a log that is printed when both have finished; either failing fails.
TEST_WORKERS ?= 2
test: check system-packages test-packages wine-packages venv ralph-venv translations web
	@log=$$(mktemp); \
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m wine >"$$log" 2>&1 & windows=$$!; \
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m "not xvfb and not wine" -n $(TEST_WORKERS); offscreen=$$?; \
	wait $$windows; wine=$$?; \
	echo "======== Windows tests under Wine (pytest -m wine), exit $$wine ========"; cat "$$log"; rm -f "$$log"; \
	echo "offscreen suite: exit $$offscreen; Windows tests under Wine: exit $$wine"; \
	[ $$offscreen = 0 ] && [ $$wine = 0 ]
	QT_QPA_PLATFORM=xcb $(XVFB) $(PY) -m pytest -m xvfb

# The lint and type gates (docs/style.md), first thing in `make test`: ruff over the code, tests,
# benchmarks and packaging scripts; mypy over the kiosk (strict on kiosk/core; see pyproject.toml).
LINTED := kiosk tests bench packaging tools
check: venv
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/mypy

# 1,000 simulated power cuts (tests/test_power_cut.py; make test runs 200). Figures: docs/performance.md.
soak: test-packages venv
	POWERCUT_CUTS=1000 $(PY) -m pytest -s --timeout 3600 tests/test_power_cut.py -k random_moments

# The installers: dist/tip-kiosk/ (bundle), a .tar.gz and a .deb (see docs/deployment.md): the lean
# variant, without the web engine. `make dist STANDARD=1` builds the standard variant instead
# (QtWebEngine and the SCORM/H5P players), named tip-kiosk-standard throughout.
dist: system-packages venv translations web
	$(PY) packaging/build.py --out dist --work build $(if $(filter 1,$(STANDARD)),--variant standard)

# The Windows one-folder bundle in dist-windows/, built here with PyInstaller under Wine from the same
# spec, then self-tested under Wine (packaging/windows/build.py). The Wine prefix, Windows Python and
# wheels are cached in ~/.cache/tip-kiosk-windows (packaging/windows/wine.py). VLC=DIR takes an
# unpacked VLC 3.0.x win64 folder; without it the bundle has no libVLC (docs/deployment.md).
# wixl (not part of Debian's msitools package) builds the MSI.
WINE_PACKAGES := wine msitools wixl binutils-mingw-w64-x86-64
.PHONY: dist-windows wine-packages
dist-windows: wine-packages venv translations web
	$(PY) packaging/windows/build.py --out dist-windows --self-test $(if $(VLC),--vlc "$(VLC)") \
	  $(if $(filter 1,$(STANDARD)),--variant standard)
	@$(MAKE) --no-print-directory msi-windows

wine-packages:
	@$(MAKE) --no-print-directory APT_PACKAGES="$(WINE_PACKAGES)" apt

# The Windows MSI from the Windows bundle in dist-windows/ (the last step of `make dist-windows`):
# wixl and msibuild (packaging/windows/msi.py; docs/deployment.md, "The MSI").
.PHONY: msi-windows
msi-windows: wine-packages venv
	$(PY) packaging/windows/msi.py --out dist-windows \
	  --bundle dist-windows/tip-kiosk$(if $(filter 1,$(STANDARD)),-standard)

bench: system-packages test-packages venv ralph-venv translations web
	$(XVFB) $(PY) bench/run_all.py

venv: $(VENV)/.installed

# The players for SCORM and H5P packages (scorm-again, h5p-standalone), pinned in
# web/package-lock.json and served to the package sandbox from /__vendor/. Node is needed only to
# fetch them (build and test time); --ignore-scripts because h5p-standalone's preinstall insists on yarn.
web: web/node_modules/.installed

web/node_modules/.installed: web/package-lock.json web/package.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory APT_PACKAGES="nodejs npm" apt
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

translations: $(QM_FILES)

$(I18N)/%.qm: $(I18N)/%.ts | $(VENV)/.installed
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

# After changing UI strings: refresh every .ts from the source (UI strings and the core's marked
# error messages), translate the new entries (Qt Linguist: .venv/bin/pyside6-linguist), commit.
# No source locations are stored, so parallel branches do not conflict on line numbers.
ts: $(VENV)/.installed
	@for ts in $(TS_FILES); do lang=$${ts##*/tip_kiosk_}; lang=$${lang%.ts}; \
	  $(VENV)/bin/pyside6-lupdate -silent -extensions py -locations none -no-obsolete \
	    kiosk/ui kiosk/core -target-language $$lang -ts $$ts || exit 1; \
	  echo "Updated $$ts"; done

# Screens of every kind at 100% and 200% text and in high contrast, for reviewers to look at.
screenshots: system-packages test-packages venv translations
	rm -rf screenshots
	QT_QPA_PLATFORM=xcb $(XVFB) $(PY) tools/screenshots.py --out screenshots

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
	  { echo "TIP Kiosk needs Python 3.11 (PySide6 6.11.3 and the pinned stack); found $$($(PYTHON) --version)"; exit 1; }
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || $(MAKE) --no-print-directory APT_PACKAGES=python3-venv apt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

# The real LRS (Ralph) the sync tests and benchmark use lives in its own venv, .venv-ralph: its CLI
# pins click<8.2.1, which the kiosk's sqlite-utils cannot use. Pinned in tests/lrs/requirements.txt;
# rebuilt only when that file changes. The test fixture does the same if it is missing.
ralph-venv: venv
	@$(PY) -m tests.lrs.ralph_server >/dev/null

system-packages:
	@$(MAKE) --no-print-directory APT_PACKAGES="$(SYSTEM_PACKAGES)" apt

test-packages:
	@$(MAKE) --no-print-directory APT_PACKAGES="$(TEST_PACKAGES)" apt

# Install what dpkg does not already have; as root with apt-get, otherwise say the exact command.
.PHONY: apt
apt:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing system packages: $$missing"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 || \
	      { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $$missing >/dev/null; } || exit 1; \
	  else \
	    echo "TIP Kiosk needs these system packages. Please run:"; \
	    echo "  sudo apt-get install -y $$(echo $$missing)"; \
	    exit 1; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) .venv-ralph $(DATA) build dist .pytest_cache .mypy_cache .ruff_cache screenshots $(QM_FILES)
