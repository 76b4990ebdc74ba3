# The two commands of the README:  make run  |  make test
# Each creates the virtual environment (.venv) and installs missing system packages on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
XVFB   := xvfb-run -a -s "-screen 0 1920x1080x24"

.PHONY: run test lint bench samples translations guide-images clean

run: $(STAMP)
	$(BIN)/venueplans

test: $(STAMP)
	@packaging/system-deps.sh test
	$(BIN)/ruff check venueplans tests bench
	$(BIN)/lint-imports
	$(XVFB) $(BIN)/python -m pytest $(PYTEST_ARGS)

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
	$(BIN)/pybabel extract -F babel.cfg --no-default-keywords -k tr -k tr_n:1,2 -k tr_c:1c,2 -k N_ \
		--project=venueplans --sort-by-file --width=110 -o $(POT) venueplans
	$(BIN)/python -m venueplans.locale_build update $(POT)

# Pictures of the user guide (docs/guide), made by the app's own commands on the sample theatre.
GUIDE_CAT := build/guide-catalogue.sqlite
guide-images: $(STAMP)
	mkdir -p build docs/guide/images
	for lang in fr en; do \
	  VENUEPLANS_LANG=$$lang $(BIN)/venueplans --catalogue $(GUIDE_CAT) render 1 --storey 1 --cut 1.2 --size 760x475 \
	    -o docs/guide/images/theatre-$$lang.png && \
	  VENUEPLANS_LANG=$$lang $(BIN)/venueplans --catalogue $(GUIDE_CAT) plan 1 --storey 1 --dpi 60 \
	    -o docs/guide/images/plan-$$lang.png; \
	done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
