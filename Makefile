# The two commands of the README:  make run  |  make test
# Each creates the virtual environment (.venv) and installs missing system packages on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
XVFB   := xvfb-run -a -s "-screen 0 1920x1080x24"

.PHONY: run test lint bench samples translations clean frozen frozen-smoke guide-images

run: $(STAMP)
	$(BIN)/venueplans

test: $(STAMP)
	@packaging/system-deps.sh test
	$(BIN)/ruff check venueplans tests bench
	$(BIN)/lint-imports
	@rm -f .coverage .coverage.*  # data left by processes a test killed on purpose
	$(XVFB) $(BIN)/python -m pytest --cov --cov-report=term $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check venueplans tests bench
	$(BIN)/lint-imports

$(STAMP): pyproject.toml
	@packaging/system-deps.sh run
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@rm -f $(VENV)/.installed-*
	touch $@

samples: $(STAMP)
	$(BIN)/python -m venueplans.samples --out sample_venues
	$(BIN)/python -m venueplans.ops.samples

# Translations: extract every tr()/tr_n()/tr_c()/N_() string into the template, merge it into each
# language's .po (new strings arrive untranslated), then translate and run tests/i18n.
POT := venueplans/locale/venueplans.pot
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-default-keywords -k tr -k tr_n:1,2 -k tr_c:1c,2 -k N_ -k tr_later -k tr_n_later:1,2 \
		--project=venueplans --sort-by-file --width=110 -o $(POT) venueplans
	$(BIN)/python -m venueplans.locale_build update $(POT)

# The user guide's pictures (docs/guide/images/<lang>/), made by the app's own render, open --screenshot
# (under xvfb-run at 1366x768) and plan commands on a fresh catalogue of the samples.
guide-images: $(STAMP)
	$(BIN)/python docs/guide/make_screenshots.py

# A one-folder application with PyInstaller (dist/venueplans/), then a smoke test of it, offline.
frozen: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/venueplans.spec

frozen-smoke: frozen
	packaging/smoke-frozen.sh dist/venueplans

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .coverage .coverage.*
