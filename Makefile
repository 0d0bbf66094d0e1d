# The two commands of the README: `make chat` and `make test`.
# Both create .venv and install what they need on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup chat test lint serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

chat: $(STAMP)
	$(BIN)/python -m skill chat

test: $(STAMP)
	$(BIN)/ruff check skill lambda tests
	$(BIN)/python -m pytest -q

serve: $(STAMP)
	$(BIN)/python -m skill serve

clean:
	rm -rf $(VENV) .data .pytest_cache .hypothesis
