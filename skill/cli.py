"""Command line: ``python -m skill chat`` and ``python -m skill serve``.

``chat`` is a spoken-style conversation in the terminal: what you type is
matched against the interaction model's sample utterances, sent as a real
request envelope through the same skill Lambda runs, and what Alexa would
say is printed without SSML tags.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .envelopes import Device
from .settings import Settings
from .speech import plain

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "interaction_models"

# Utterances Alexa's built-in intents understand without samples of ours.
BUILT_IN_PHRASES = {
    "AMAZON.YesIntent": ["yes", "ok", "okay", "yes please", "sure"],
    "AMAZON.NoIntent": ["no", "no thank you"],
    "AMAZON.StopIntent": ["stop", "quit", "exit", "goodbye", "bye"],
    "AMAZON.CancelIntent": ["cancel", "never mind"],
    "AMAZON.HelpIntent": ["help"],
    "AMAZON.RepeatIntent": ["repeat", "repeat that", "say it again"],
    "AMAZON.StartOverIntent": ["start over", "restart"],
    "AMAZON.NavigateHomeIntent": ["home", "go home"],
}


def normalise(text: str) -> str:
    """Lower case, punctuation dropped (apostrophes kept), single spaces."""
    return " ".join(re.sub(r"[^\w' ]+", " ", text.lower()).split())


class UtteranceMatcher:
    """Text -> intent (and slots), by the samples of an interaction model.

    Samples match exactly (after ``normalise``); a sample with a slot, like
    "I'm asking for my {relation}", matches any words there, and the slot is
    resolved against the slot type's values as Alexa's entity resolution does.
    """

    def __init__(self, model_path: Path):
        model = json.loads(model_path.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
        self.invocation = model["invocationName"]
        self.phrases: dict[str, str] = {}
        self.patterns: list[tuple[re.Pattern[str], str, dict[str, tuple[str, str]]]] = []
        self.values: dict[str, dict[str, tuple[str, str]]] = {}  # slot type -> spoken form -> (value, id)
        for slot_type in model.get("types", []):
            table = self.values.setdefault(slot_type["name"], {})
            for value in slot_type["values"]:
                name = value["name"]
                for spoken in [name["value"], *name.get("synonyms", [])]:
                    table.setdefault(normalise(spoken), (name["value"], value.get("id", name["value"])))
        for name, samples in BUILT_IN_PHRASES.items():
            for sample in samples:
                self.phrases[normalise(sample)] = name
        for intent in model["intents"]:
            # normalise() lower-cases the sample, slot names included
            slot_types = {slot["name"].lower(): (slot["name"], slot["type"]) for slot in intent.get("slots", [])}
            for sample in intent.get("samples", []):
                if "{" in sample:
                    words = re.escape(normalise(sample.replace("{", " SLOT").replace("}", "SLOT ")))
                    pattern = re.sub(r"slot(\w+)slot", lambda m: f"(?P<{m.group(1)}>.+)", words)
                    self.patterns.append((re.compile(pattern + "$"), intent["name"], slot_types))
                else:
                    self.phrases[normalise(sample)] = intent["name"]
        # As virtual-alexa: the sample with the most literal words first.
        self.patterns.sort(key=lambda p: -len(re.sub(r"\(\?P<\w+>\.\+\)", "", p[0].pattern)))

    def is_launch(self, text: str) -> bool:
        said = normalise(text)
        return said in (f"open {self.invocation}", f"start {self.invocation}", f"launch {self.invocation}")

    def intent_for(self, text: str) -> str:
        return self.understand(text)[0]

    def understand(self, text: str) -> tuple[str, dict[str, Any] | None]:
        """The intent name and, for a sample with a slot, the slots."""
        said = normalise(text)
        if said in self.phrases:
            return self.phrases[said], None
        for pattern, intent, slot_types in self.patterns:
            match = pattern.match(said)
            if match:
                slots = [slot_types[key] + (value,) for key, value in match.groupdict().items()]
                # A custom slot takes only its type's values and synonyms (virtual-alexa does the same);
                # RELATION keeps taking any words, resolved or not ("for my cat").
                if any(type_ != "RELATION" and type_ in self.values and normalise(value) not in self.values[type_]
                       for _, type_, value in slots):
                    continue
                return intent, {name: self._slot(name, value, type_) for name, type_, value in slots}
        return "AMAZON.FallbackIntent", None

    def _slot(self, name: str, value: str, slot_type: str) -> dict[str, Any]:
        slot: dict[str, Any] = {"name": name, "value": value, "confirmationStatus": "NONE"}
        resolved = self.values.get(slot_type, {}).get(normalise(value))
        status = "ER_SUCCESS_MATCH" if resolved else "ER_SUCCESS_NO_MATCH"
        authority: dict[str, Any] = {"authority": f"amzn1.er-authority.echo-sdk.local.{slot_type}",
                                     "status": {"code": status}}
        if resolved:
            authority["values"] = [{"value": {"name": resolved[0], "id": resolved[1]}}]
        slot["resolutions"] = {"resolutionsPerAuthority": [authority]}
        return slot


def chat(args: argparse.Namespace) -> int:
    from .alexa.builder import skill_builder

    settings = Settings.from_env()
    if args.store:
        settings = settings.with_(store=args.store)
    if args.retain is not None:
        settings = settings.with_(retain_answers=args.retain)
    logging.basicConfig(level=logging.WARNING)
    invoke: Callable[[dict[str, Any], Any], dict[str, Any]] = skill_builder(settings).lambda_handler()
    model = MODELS / f"{args.locale}.json"
    matcher = UtteranceMatcher(model)
    device = Device(locale=args.locale, user_id=_local_user_id(), skill_id=settings.skill_id or Device().skill_id)

    def say(envelope: dict[str, Any]) -> None:
        response = device.absorb(invoke(envelope, None))
        body = response.get("response") or {}
        speech = (body.get("outputSpeech") or {}).get("ssml", "")
        print(textwrap.fill("Alexa: " + plain(speech), width=78, subsequent_indent="       "))
        card = body.get("card")
        if card and args.cards:
            print(textwrap.indent(f"[card] {card.get('title')}\n{card.get('text')}", "       "))
        if not device.in_session:
            print(f"       (session ended: say 'open {matcher.invocation}' to start again, or 'quit')")

    kept = "kept on this machine (resume, history)" if settings.retain_answers else "not kept after each check"
    print(f"Talking to '{matcher.invocation}' ({args.locale}). Answers are {kept}.")
    print("Type what you would say; 'quit' to leave.")
    print(f"You: open {matcher.invocation}")
    say(device.launch())
    while True:
        try:
            text = input("You: ").strip()
        except EOFError:
            text = "quit"
        if not text:
            continue
        if not sys.stdin.isatty():
            print(text)  # a piped transcript reads like a conversation
        if text.lower() in ("quit", "exit") and not device.in_session:
            return 0
        if text.lower() in ("quit", "exit"):
            device.absorb(invoke(device.session_ended("USER_INITIATED"), None))
            return 0
        if matcher.is_launch(text):
            say(device.launch())
        else:
            say(device.intent(*matcher.understand(text)))


def _local_user_id() -> str:
    """A stable user id for this machine's local conversations."""
    import getpass
    import hashlib

    return "amzn1.ask.account.local-" + hashlib.sha256(getpass.getuser().encode()).hexdigest()[:24]


def serve(args: argparse.Namespace) -> int:
    from .serving import bind_address, refusal
    from .store import check_store_path

    settings = Settings.from_env()
    check_store_path(settings.store)
    reason = refusal(settings, args.host)
    if reason:
        print(reason, file=sys.stderr)
        return 2
    config = ROOT / "deploy" / "gunicorn.conf.py"
    argv = [sys.executable, "-m", "gunicorn", "-c", str(config), "--bind", bind_address(args.host, args.port)]
    if args.workers:
        argv += ["--workers", str(args.workers)]
    argv.append("skill.web:create_app()")
    os.execvp(argv[0], argv)
    return 0  # not reached


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill")
    commands = parser.add_subparsers(dest="command", required=True)
    chat_cmd = commands.add_parser("chat", help="talk to the skill in the terminal")
    chat_cmd.add_argument("--locale", default="en-US")
    chat_cmd.add_argument("--store", help="SKILL_STORE for this chat (default: sqlite file in .data/)")
    chat_cmd.add_argument("--cards", action=argparse.BooleanOptionalAction, default=True, help="show cards")
    chat_cmd.add_argument(
        "--retain",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="keep answers between sessions in the local store (default: SKILL_RETAIN_ANSWERS, off)",
    )
    chat_cmd.set_defaults(run=chat)
    serve_cmd = commands.add_parser("serve", help="run the web service under gunicorn")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8080)
    serve_cmd.add_argument("--workers", type=int)
    serve_cmd.set_defaults(run=serve)
    args = parser.parse_args(argv)
    from .settings import SettingsError

    try:
        return args.run(args)
    except SettingsError as e:  # the setting named, no traceback
        print(f"refusing to start: {e}", file=sys.stderr)
        return 2
