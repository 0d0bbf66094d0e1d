"""What operations see of a turn: metrics, the result line, the error streak.

A response interceptor (it runs after every turn that did not fail):

- counts ``Turns``, and ``Results`` by level and locale when this turn gave
  a result (the level was first settled, or the person said it is an
  emergency);
- writes one result line per result to the ``skill.results`` logger:
  ``result {"event":"result","ref":"K7P2QX","level":"urgent",...}``. The
  line carries no user tag, and in Lambda no request id (its own stdout
  handler), so the code a person reads from their card finds the check,
  and nothing finds the person;
- clears the count of handler failures in a row (``ERRORS_IN_A_ROW``),
  which ``ApologiseExceptionHandler`` reads: only failures *in a row* end
  a session.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Mapping
from typing import Any

from ask_sdk_core.dispatch_components import AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from .. import metrics, release
from ..centre import REFERENCE_KEY, reference_for

ERRORS_IN_A_ROW = "errors_in_a_row"  # session attribute
EMERGENCY_SAID = "emergency_said"  # as skill.alexa.turn (not imported: no cycle through the handlers)
TRIAGE = "triage"


def errors_in_a_row(session: Mapping[str, Any]) -> int:
    """Handler failures in a row so far (a session value from the wire: checked)."""
    value = session.get(ERRORS_IN_A_ROW)
    return value if isinstance(value, int) and 0 <= value < 100 else 0


def _results_logger() -> logging.Logger:
    """``skill.results``. Inside Lambda it has its own handler on stdout and
    does not propagate, so the runtime's handler does not stamp the line
    with the request id (which other lines share with the user tag).
    Elsewhere (web service, chat) it is an ordinary ``skill.*`` logger."""
    logger = logging.getLogger("skill.results")
    if os.environ.get("AWS_LAMBDA_FUNCTION_NAME") and not logger.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
        logger.setLevel(logging.INFO)
    return logger


results_log = _results_logger()


def _urgency(attributes: Mapping[str, Any] | None) -> str | None:
    triage = (attributes or {}).get(TRIAGE)
    value = triage.get("urgency") if isinstance(triage, Mapping) else None
    return value if isinstance(value, str) else None


def _check_open(attributes: Mapping[str, Any]) -> bool:
    triage = attributes.get(TRIAGE)
    return isinstance(triage, Mapping) and triage.get("question") is not None and not attributes.get(EMERGENCY_SAID)


def result_given(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> str | None:
    """The level of the result this turn gave, or None (a repeat is not a new result)."""
    before = before or {}
    if after.get(EMERGENCY_SAID) and not before.get(EMERGENCY_SAID):
        return "emergency"
    level = _urgency(after)
    if level is not None and _urgency(before) is None:
        return level
    return None


class OperationsInterceptor(AbstractResponseInterceptor):
    """Metrics and the result line of a turn; the error streak cleared."""

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        try:
            self._process(handler_input)
        except Exception:  # noqa: BLE001 - bookkeeping must never cost an answer
            logging.getLogger(__name__).warning("operations bookkeeping failed", exc_info=True)

    def _process(self, handler_input: HandlerInput) -> None:
        metrics.count("Turns")
        envelope = handler_input.request_envelope
        if envelope.session is None:  # an out-of-session event: no result, no streak
            return
        after = handler_input.attributes_manager.session_attributes
        after.pop(ERRORS_IN_A_ROW, None)
        if _check_open(after) and _urgency(after) is None:
            after.pop(REFERENCE_KEY, None)  # a new check gets a new code at its result
            return
        level = result_given(envelope.session.attributes, after)
        if level is None:
            return
        locale = getattr(envelope.request, "locale", None) or "-"
        metrics.count("Results", Level=level, Locale=locale)
        line = {"event": "result", "ref": reference_for(after), "level": level, "locale": locale,
                "version": release.stamp().get("version"), "commit": release.stamp().get("commit")}
        results_log.info("result %s", json.dumps(line, separators=(",", ":")))
