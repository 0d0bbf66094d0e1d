"""The floor: a hello-world ASK SDK skill, built and entered like ours.

It pays what any skill pays: the ASK SDK's (de)serialisation and dispatch,
and the same persistence (the project's ``SqliteAdapter``, from the same
``SKILL_STORE`` setting, read on every request and written once per new
user, as our skill notes that the disclaimer was heard). It does no triage,
no locale loading and no logging of its own.

``lambda_handler`` is built at import, as ``lambda/lambda_function.py`` does.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ask_sdk_core.dispatch_components import AbstractRequestHandler  # noqa: E402
from ask_sdk_core.handler_input import HandlerInput  # noqa: E402
from ask_sdk_core.skill_builder import CustomSkillBuilder  # noqa: E402
from ask_sdk_core.utils import is_request_type  # noqa: E402
from ask_sdk_model import Response  # noqa: E402

from skill.settings import Settings  # noqa: E402
from skill.store import adapter_for  # noqa: E402

SENTENCE = "Hello from the back pain check."


def _speak_once(handler_input: HandlerInput) -> Response:
    attributes = handler_input.attributes_manager.persistent_attributes  # one store read
    if not attributes.get("greeted"):
        attributes["greeted"] = True
        handler_input.attributes_manager.save_persistent_attributes()  # one write per new user
    return handler_input.response_builder.speak(SENTENCE).set_should_end_session(False).response


class LaunchRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return _speak_once(handler_input)


class AnyRequestHandler(AbstractRequestHandler):
    """Anything else gets the same sentence: lets the floor take our envelopes."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        return _speak_once(handler_input)


def hello_builder(settings: Settings | None = None) -> CustomSkillBuilder:
    settings = settings or Settings.from_env()
    builder = CustomSkillBuilder(persistence_adapter=adapter_for(settings.store, settings.retention))
    builder.skill_id = settings.skill_id
    builder.add_request_handler(LaunchRequestHandler())
    builder.add_request_handler(AnyRequestHandler())
    return builder


# As lambda/lambda_function.py: the same default store and log level.
settings = Settings.from_env({"SKILL_STORE": "sqlite:////tmp/skill.sqlite3", **os.environ})
logging.getLogger().setLevel(settings.log_level)

lambda_handler = hello_builder(settings).lambda_handler()
