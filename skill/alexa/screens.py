"""Screens for devices that have one (APL): the question in large,
high-contrast text with answer buttons, and the result. Devices without a
screen get exactly the voice experience.

A device renders only documents of an APL version it supports (its
``Alexa.Presentation.APL.runtime.maxVersion``); an older one may show
nothing at all. So the documents declare the lowest version that renders
them (1.1: ``accessibilityLabel``), and a device whose runtime is older, or
that does not say, gets the voice alone."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_supported_interfaces

from ..locales import Strings

SCREENS = Path(__file__).resolve().parent.parent / "screens"
DOCUMENTS = ("question", "result")
ANSWER_EVENT = "answer"  # SendEvent arguments: ["answer", "yes" | "no" | "unknown"]


def apl_version(text: object) -> tuple[int, ...] | None:
    """"1.1" -> (1, 1), "2023.3" -> (2023, 3): APL's versions order as tuples."""
    if not isinstance(text, str):
        return None
    try:
        return tuple(int(part) for part in text.split("."))
    except ValueError:
        return None


@cache
def needed_version() -> tuple[int, ...]:
    """The newest version any of our documents declares."""
    return max(apl_version(_document(name)["version"]) or (99,) for name in DOCUMENTS)


@cache
def _document(name: str) -> dict:
    return json.loads((SCREENS / f"{name}.json").read_text(encoding="utf-8"))


def device_apl_version(handler_input: HandlerInput) -> tuple[int, ...] | None:
    """The newest APL version the device renders; None without APL or unsaid."""
    try:
        apl = get_supported_interfaces(handler_input).alexa_presentation_apl
    except Exception:  # noqa: BLE001 - a request without device context has no screen
        return None
    runtime = getattr(apl, "runtime", None) if apl is not None else None
    return apl_version(getattr(runtime, "max_version", None))


def has_screen(handler_input: HandlerInput) -> bool:
    """A screen that renders our documents at the version they declare."""
    version = device_apl_version(handler_input)
    return version is not None and version >= needed_version()


def _render(token: str, datasources: dict):
    # Imported on the first screen, to keep APL's model classes out of every cold start.
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

    return RenderDocumentDirective(token=token, document=_document(token), datasources=datasources)


def question_screen(strings: Strings, question: str):
    screen = {key: strings[f"screen.{key}"] for key in ("title", "yes", "no", "unsure")}
    return _render("question", {"payload": {"screen": {**screen, "question": question}}})


def result_screen(strings: Strings, level: str, reasons: str, advice: str):
    return _render("result", {"payload": {"screen": {"level": level, "reasons": reasons, "advice": advice}}})
