"""Screens for devices that have one (APL): the question in large,
high-contrast text with answer buttons, and the result. Devices without a
screen get exactly the voice experience."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_supported_interfaces

from ..locales import Strings

SCREENS = Path(__file__).resolve().parent.parent / "screens"
ANSWER_EVENT = "answer"  # SendEvent arguments: ["answer", "yes" | "no" | "unknown"]


@cache
def _document(name: str) -> dict:
    return json.loads((SCREENS / f"{name}.json").read_text(encoding="utf-8"))


def has_screen(handler_input: HandlerInput) -> bool:
    try:
        return get_supported_interfaces(handler_input).alexa_presentation_apl is not None
    except Exception:  # noqa: BLE001 - a request without device context has no screen
        return False


def _render(token: str, datasources: dict):
    # Imported on the first screen, to keep APL's model classes out of every cold start.
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

    return RenderDocumentDirective(token=token, document=_document(token), datasources=datasources)


def question_screen(strings: Strings, question: str):
    screen = {key: strings[f"screen.{key}"] for key in ("title", "yes", "no", "unsure")}
    return _render("question", {"payload": {"screen": {**screen, "question": question}}})


def result_screen(strings: Strings, level: str, reasons: str, advice: str):
    return _render("result", {"payload": {"screen": {"level": level, "reasons": reasons, "advice": advice}}})
