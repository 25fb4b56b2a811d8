# bedside: `make run` on a fresh machine, `make test` for the checks. Everything lives in .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DATA ?= ../shared/data
STAMP := $(VENV)/.installed

.PHONY: install run test lint eval bench train clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(VENV)/bin/bedside serve

lint: install
	$(VENV)/bin/ruff check src tests eval benchmarks training
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

test: lint
	$(VENV)/bin/pytest

# The generated screenshots of eval/eval_images.py are drawn in these Debian fonts; its comparison is Presidio's
# image redactor (the bench extra) on Tesseract. Without them it measures bedside alone and leaves the docs be.
EVAL_FONTS := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf

eval: install
	@for font in $(EVAL_FONTS); do test -e $$font || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq fonts-dejavu-core fonts-liberation >/dev/null; break; }; done
	@command -v tesseract >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq tesseract-ocr >/dev/null; } || echo "tesseract-ocr not installed: no Presidio image comparison"
	$(PIP) install -q -c constraints.txt -e ".[bench]"
	@for script in eval/eval_*.py; do echo "== $$script"; $(PY) $$script $(DATA) || exit 1; done

# Presidio and its spaCy model, so that every benchmark compares with it in the same run.
bench: install
	$(PIP) install -q -c constraints.txt -e ".[bench]"
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(PY) $$script $(DATA) || exit 1; done

# The post reading reads the reader's hidden states, so it is trained after the reader.
TRAIN_SCRIPTS := training/train_conduct.py training/train_reader.py training/train_post_reading.py

train: install
	$(PIP) install -q -c constraints.txt -e ".[train]"
	@for script in training/build_*.py $(TRAIN_SCRIPTS); do [ -e "$$script" ] || continue; echo "== $$script"; $(PY) $$script $(DATA) || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
