"""The pieces of the end-to-end tests: the web service under gunicorn, the
virtual-alexa driver (driver.js), and a person talking through it.

Nothing here knows a language: utterances come from each interaction
model's own samples, and expected words from the skill's locale files.
"""

from __future__ import annotations

import itertools
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skill.conversation import group_answer
from skill.speech import plain

ROOT = Path(__file__).resolve().parents[2]
MODELS_DIR = ROOT / "interaction_models"
DRIVER = Path(__file__).with_name("driver.js")
# Every locale's model, found at collection time: a model added later is tested too.
MODEL_FILES = sorted(MODELS_DIR.glob("*.json"))

LAUNCH = "LaunchRequest"
ANSWER_INTENTS = {
    "yes": "AMAZON.YesIntent",
    "no": "AMAZON.NoIntent",
    "unknown": "DontKnowIntent",
    "partly": "PartlyIntent",
}
# virtual-alexa loads aws-sdk v2, which prints an end-of-support notice.
NODE_ENV = {"AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE": "1"}
_AWS_NOTICE = ("NOTE: The AWS SDK for JavaScript", "It will no longer receive", "Please migrate your code",
               "For more information, check the blog", "(Use `node --trace-warnings")


def node_missing() -> str | None:
    """Why the end-to-end tests cannot run here, or None."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (ROOT / "node_modules" / "virtual-alexa").is_dir():
        return "virtual-alexa is not installed (run `make setup`)"
    return None


def quiet(stderr: str) -> str:
    """Node's stderr without the aws-sdk notice."""
    return "\n".join(line for line in stderr.splitlines() if line.strip() and not line.startswith(_AWS_NOTICE)).strip()


# -- the interaction model ----------------------------------------------------------
@dataclass(frozen=True)
class Model:
    path: Path
    locale: str
    invocation: str
    samples: dict[str, list[str]]

    @classmethod
    def load(cls, path: Path) -> Model:
        data = json.loads(path.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
        # A sample with a slot is said with a value of the slot's type, rotating through them.
        values = {t["name"]: [v["name"]["value"] for v in t["values"]] for t in data.get("types", [])}
        samples = {}
        for intent in data["intents"]:
            slot_types = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
            said = []
            for n, sample in enumerate(intent.get("samples", [])):
                for slot, type_name in slot_types.items():
                    choices = values[type_name]
                    sample = sample.replace("{" + slot + "}", choices[n % len(choices)])
                said.append(sample)
            samples[intent["name"]] = said
        return cls(path=path, locale=path.stem, invocation=data["invocationName"], samples=samples)

    @property
    def launch(self) -> str:
        # virtual-alexa has no per-locale launch words: the driver treats
        # "open <invocation name>" as the launch in every locale.
        return f"open {self.invocation}"

    def phrase(self, intent: str, n: int = 0) -> str:
        """The model's n-th sample for ``intent`` (wrapping round)."""
        samples = self.samples.get(intent)
        assert samples, f"{self.path.name}: {intent} has no sample utterances to say"
        return samples[n % len(samples)]

    def every_sample(self) -> list[tuple[str, str]]:
        return [(intent, sample) for intent, samples in self.samples.items() for sample in samples]


# -- the web service ------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "health", timeout=1) as reply:
            return reply.status == 200 and json.load(reply) == {"status": "ok"}
    except (OSError, ValueError):
        return False


def _stop_group(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """Stop a process started with ``start_new_session`` and its children."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=grace)
    except ProcessLookupError:
        pass


@dataclass
class Server:
    url: str
    log: Path
    proc: subprocess.Popen

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        _stop_group(self.proc)


def start_server(workdir: Path, workers: int = 2, timeout: float = 20.0) -> Server:
    """The real Flask app under gunicorn on a free loopback port, verification off."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    # Only the settings named here: an inherited SKILL_ID, SKILL_RETAIN_ANSWERS etc. would change the skill.
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKILL_")}
    env |= {"SKILL_VERIFY": "off", "SKILL_STORE": f"sqlite:///{workdir / 'skill.sqlite3'}", "SKILL_LOG_LEVEL": "info"}
    log = workdir / "gunicorn.log"
    for _attempt in range(3):  # another process may take the free port first
        port = _free_port()
        argv = [str(gunicorn), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}",
                "-w", str(workers), "skill.web:create_app()"]
        with open(log, "wb") as out:
            proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        server = Server(url=f"http://127.0.0.1:{port}/", log=log, proc=proc)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            if _healthy(server.url):
                return server
            time.sleep(0.05)
        server.stop()
        if "Address already in use" not in server.log_tail():
            break
    raise RuntimeError(f"gunicorn did not become healthy on {server.url}:\n{server.log_tail()}")


# -- the driver ------------------------------------------------------------------------
def run_script(script: dict[str, Any], timeout: float = 60.0) -> tuple[int, dict[str, Any] | None, str]:
    """One script through ``node driver.js``: (exit code, result, stderr)."""
    done = subprocess.run(["node", str(DRIVER)], input=json.dumps(script), capture_output=True, text=True,
                          cwd=ROOT, env=os.environ | NODE_ENV, timeout=timeout)
    result = json.loads(done.stdout) if done.stdout.strip() else None
    return done.returncode, result, quiet(done.stderr)


class Driver:
    """A long-lived ``node driver.js --lines``: one node start for many conversations."""

    def __init__(self, url: str, model: Model, timeout: float = 30.0):
        self.url, self.model, self.timeout = url, model, timeout
        self._stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(["node", str(DRIVER), "--lines"], cwd=ROOT, env=os.environ | NODE_ENV,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
                                     start_new_session=True)
        self._buffer = b""

    def run(self, steps: Iterable[str | dict[str, str]], *, fresh: bool = True) -> dict[str, Any]:
        """Run steps; ``fresh`` starts a new virtual device (a new user)."""
        script = {"url": self.url, "modelFile": str(self.model.path), "locale": self.model.locale,
                  "steps": list(steps), "fresh": fresh}
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write((json.dumps(script) + "\n").encode())
            self.proc.stdin.flush()
        except BrokenPipeError as e:
            raise AssertionError(f"driver.js has exited:\n{self.stderr()}") from e
        return json.loads(self._read_line())

    def _read_line(self) -> bytes:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + self.timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"driver.js gave no answer in {self.timeout} s:\n{self.stderr()}")
            if select.select([fd], [], [], left)[0]:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise AssertionError(f"driver.js exited ({self.proc.wait(timeout=5)}):\n{self.stderr()}")
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def stderr(self) -> str:
        self._stderr.seek(0)
        return quiet(self._stderr.read().decode(errors="replace"))

    def close(self) -> None:
        if self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()  # the driver ends at end of input
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            _stop_group(self.proc, grace=5)
        if self.proc.stdout:
            self.proc.stdout.close()
        self._stderr.close()


# -- a person talking -------------------------------------------------------------------
@dataclass
class Turn:
    say: str
    intent: str
    request: dict[str, Any]
    reply: dict[str, Any]


@dataclass
class Voice:
    """One person on one virtual device: says the model's samples, checks
    that each resolved to the intent meant, and keeps the transcript."""

    driver: Driver
    turns: list[Turn] = field(default_factory=list)
    _fresh: bool = True
    _rotation: dict[str, itertools.count] = field(default_factory=dict)

    @property
    def model(self) -> Model:
        return self.driver.model

    def utter(self, text: str, expect: str) -> Voice:
        result = self.driver.run([{"say": text, "expect": expect}], fresh=self._fresh)
        self._fresh = False
        if not result["ok"]:
            raise AssertionError(f"{self.model.locale}: {'; '.join(result['errors'])}\n{self.transcript()}")
        step = result["steps"][0]
        self.turns.append(Turn(say=text, intent=step["intent"], request=step["request"], reply=step["response"]))
        return self

    def open(self) -> Voice:
        return self.utter(self.model.launch, LAUNCH)

    def say(self, intent: str, n: int = 0) -> Voice:
        """Say the model's n-th sample of ``intent``."""
        return self.utter(self.model.phrase(intent, n), intent)

    def answer(self, value: str) -> Voice:
        """Answer with the next of the model's samples for that answer."""
        intent = ANSWER_INTENTS[value]
        n = next(self._rotation.setdefault(intent, itertools.count()))
        return self.say(intent, n)

    def run_check(self, truth: dict[str, str], limit: int = 40) -> Voice:
        """Open, then answer whatever ``triage.question`` asks from ``truth``."""
        self.open()
        for _ in range(limit):
            if not self.triage.get("question"):
                return self
            asked = self.triage["question"]
            self.answer(group_answer(tuple(asked) if isinstance(asked, list) else asked, truth))
        raise AssertionError(f"no result after {limit} answers\n{self.transcript()}")

    # -- what came back --
    @property
    def last(self) -> Turn:
        return self.turns[-1]

    @property
    def response(self) -> dict[str, Any]:
        return self.last.reply.get("response") or {}

    @property
    def ssml(self) -> str:
        return (self.response.get("outputSpeech") or {}).get("ssml", "")

    @property
    def speech(self) -> str:
        return plain(self.ssml)

    @property
    def reprompt(self) -> str:
        return plain(((self.response.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml", ""))

    @property
    def ended(self) -> bool:
        return self.response.get("shouldEndSession") is not False

    @property
    def attributes(self) -> dict[str, Any]:
        return self.last.reply.get("sessionAttributes") or {}

    @property
    def triage(self) -> dict[str, Any]:
        return self.attributes.get("triage") or {}

    @property
    def card(self) -> dict[str, Any] | None:
        return self.response.get("card")

    def transcript(self) -> str:
        lines = []
        for turn in self.turns:
            lines.append(f"  you:   {turn.say!r} -> {turn.intent}")
            said = ((turn.reply.get("response") or {}).get("outputSpeech") or {}).get("ssml", "")
            lines.append(f"  alexa: {plain(said)}")
        return "\n".join(lines)
