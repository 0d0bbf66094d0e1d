"""The cold-start floor of issue 19: a plain ASK SDK hello world, as the
SDK's own documentation writes it (no store, no settings, no logging set-up).

Whole-process cold starts of ``lambda/lambda_function.py`` are compared
with this one, in the same run (``bench/run.py``, ``tests/test_cold_start.py``).
"""

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import is_request_type


class LaunchRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input):
        return handler_input.response_builder.speak("Hello world.").set_should_end_session(False).response


sb = SkillBuilder()
sb.add_request_handler(LaunchRequestHandler())
lambda_handler = sb.lambda_handler()
