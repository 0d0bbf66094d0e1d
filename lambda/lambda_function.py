"""AWS Lambda entry: ``lambda_handler(event, context)``.

Imports only the skill and the ASK SDK core: no Flask and no web-service
verifier, since Lambda's Alexa Skills Kit trigger (restricted to the skill
id) already authenticates Alexa, and the SDK checks the skill id again.
"""

from __future__ import annotations

import logging
import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
if not os.path.isdir(os.path.join(_here, "skill")):  # run from the repository
    sys.path.insert(0, os.path.dirname(_here))

from skill import centre, release, snapstart  # noqa: E402
from skill.alexa.builder import skill_builder  # noqa: E402
from skill.alexa.entry import lambda_handler as answering  # noqa: E402
from skill.logs import configure as configure_logging  # noqa: E402
from skill.settings import Settings, SettingsError  # noqa: E402

try:
    # Lambda's only writable folder is /tmp; set SKILL_STORE to override.
    settings = Settings.from_env({"SKILL_STORE": "sqlite:////tmp/skill.sqlite3", **os.environ})
except SettingsError as e:  # the function must not start with a guess: say which setting, no traceback
    raise SystemExit(f"refusing to start: {e}") from None
logging.getLogger().setLevel(settings.log_level)
configure_logging(settings.log_level)
if settings.skill_id is None:
    # The Alexa Skills Kit trigger should already be restricted to the
    # skill id; without SKILL_ID the skill does not check it a second time.
    logging.getLogger("skill.lambda").warning(
        "SKILL_ID is not set: requests for any skill id are answered; set it to the skill's id"
    )

# Which build answers, with which clinical content and review: one line per
# cold start (scripts/build_lambda.py stamps skill/release.json).
_log = logging.getLogger("skill.lambda")
_log.info("cold start: %s centre=%s", release.describe(), centre.summary())
if release.stamp()["commit"] != "unpackaged" and release.stamp()["review"] != "reviewed":
    _log.warning("the clinical content of this build was not signed off by a clinical safety officer (%s)",
                 release.stamp()["review"])

try:
    _builder = skill_builder(settings)
except SettingsError as e:  # the store a setting names is not ours to open
    raise SystemExit(f"refusing to start: {e}") from None
lambda_handler = answering(_builder)
snapstart.register(_builder.persistence_adapter)
