# The two commands of the README: `make chat` and `make test`.
# Both create .venv (and node_modules for the test tools) on first use.
# Another interpreter in its own venv (CI runs the suite on 3.13 so):
#   make test PYTHON=/root/.pyenv/versions/3.13.0/bin/python3 VENV=.venv313

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
LINTED := skill lambda tests scripts bench reports

.PHONY: setup chat test lint serve clean

# The Lambda dependencies are held at requirements-lambda.lock's versions (as constraints,
# without the hashes), so the suite tests what `make package` ships whatever PyPI has today.
$(STAMP): pyproject.toml requirements-lambda.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	sed 's/ --hash=[^ ]*//g' requirements-lambda.lock > $(VENV)/constraints.txt
	$(BIN)/pip install --quiet -c $(VENV)/constraints.txt -e '.[test]'
	touch $(STAMP)

# virtual-alexa (end-to-end tests) and dynalite (DynamoDB-compatible server).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# espeak-ng renders speech for the speech-budget test (Debian package).
ESPEAK := /usr/bin/espeak-ng
$(ESPEAK):
	@if [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng) >/dev/null; \
	else echo "espeak-ng is missing: sudo apt-get install espeak-ng" >&2; exit 1; fi

setup: $(STAMP) $(NODE_STAMP) $(ESPEAK)

chat: $(STAMP)
	$(BIN)/python -m skill chat

test: setup
	$(BIN)/ruff check $(LINTED)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)

serve: $(STAMP)
	$(BIN)/python -m skill serve

clean:
	rm -rf $(VENV) .venv313 node_modules .data .pytest_cache .hypothesis dist build

# Deployment (docs: README "Deploying"): the Lambda package, the ASK CLI
# skill package generated from interaction_models/, and the benchmarks.
.PHONY: package skill-package bench lock

# RELEASE=1: refuse unless a clinical safety officer reviewed the clinical content (scripts/release_gate.py).
package: $(STAMP)
	$(BIN)/python scripts/build_lambda.py --out dist/lambda.zip --dir dist/lambda $(if $(RELEASE),--release)

# requirements-lambda.lock: the venv's pins with each wheel's sha256 (after a dependency change).
lock: $(STAMP)
	$(BIN)/python scripts/build_lambda.py --lock

# Without STAGE: the committed reference package. STAGE=development|live: build/ask/STAGE/, the
# ASK CLI project with the endpoints of the stacks' outputs (make stack-outputs first).
skill-package: $(STAMP)
	$(BIN)/python scripts/build_skill_package.py $(if $(STAGE),--stage $(STAGE)) $(if $(RELEASE),--release)

# One deploy path (README "Deploying"): SAM deploys the stack of ENV (samconfig.toml) with the
# centre's values; its outputs feed the skill package; `ask deploy` uploads only the package.
.PHONY: deploy stack-outputs centre
deploy: $(STAMP)
	$(BIN)/python scripts/deploy.py stack $(ENV) $(if $(DRY_RUN),--dry-run)

stack-outputs: $(STAMP)
	$(BIN)/python scripts/deploy.py outputs $(ENV) $(if $(DRY_RUN),--dry-run)

centre: $(STAMP)
	$(BIN)/python scripts/centre_config.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Reports: questions asked before a result; how long each thing said lasts.
.PHONY: report-questions report-speech reports report-samples
report-questions: $(STAMP)
	$(BIN)/python -m reports.questions

# Sample utterances per intent and locale, and the answer corpus that tests them.
report-samples: $(STAMP)
	$(BIN)/python -m reports.samples

report-speech: setup
	$(BIN)/python -m reports.speech_budget

reports: report-questions report-speech

# Load test of the web service on loopback (not part of `make test`; CI runs a smoke of it).
.PHONY: load
load: $(STAMP)
	$(BIN)/python bench/load.py --users 50 --seconds 60

# The clinical safety case (docs/clinical-safety/): the rule trace, the validation
# report, the hazard log and the fingerprint of the clinical content, from the code.
# After a clinical change, re-review the hazards it names, then record it:
#   make safety-case-reviewed HAZARDS="H01 H04" BY="name, role"
.PHONY: safety-case safety-case-reviewed
safety-case: $(STAMP)
	$(BIN)/python -m reports.safety_case

safety-case-reviewed: $(STAMP)
	$(BIN)/python -m reports.safety_case --reviewed $(HAZARDS) --by "$(BY)"
