"""The three ways in: Lambda, the web service, and the terminal chat."""

import json
import os
import subprocess
import sys
from pathlib import Path

from skill.envelopes import Device
from tests.conftest import load_lambda_module

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=60
    )


def test_the_lambda_entry_imports_neither_flask_nor_the_web_verifier(tmp_path):
    result = run_python(
        "import sys, runpy; runpy.run_path('lambda/lambda_function.py');"
        "bad = [m for m in sys.modules if m.startswith(('flask', 'ask_sdk_webservice_support', 'oscrypto'))];"
        "print(bad)",
        SKILL_STORE=f"sqlite:///{tmp_path}/s.db",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_web_service_handler_imports_on_this_openssl():
    """oscrypto 1.3.0 cannot read OpenSSL 3.0.1x versions; skill.compat fixes it."""
    result = run_python("import skill.web, oscrypto._openssl._libcrypto as c; print('ok')")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_lambda_handler_rejects_a_request_for_another_skill(monkeypatch, store, caplog):
    """Not answered (an empty response, a warning), and no exception (issue 19)."""
    module = load_lambda_module(monkeypatch, store, SKILL_ID="amzn1.ask.skill.0a-aa")
    envelope = Device(skill_id="amzn1.ask.skill.someone-else").launch()
    with caplog.at_level("WARNING"):
        assert module.lambda_handler(envelope, None) == {"version": "1.0", "response": {}}
    assert "request for another skill" in caplog.text


def test_the_lambda_handler_answers_a_request_for_our_skill(monkeypatch, store):
    module = load_lambda_module(monkeypatch, store, SKILL_ID="amzn1.ask.skill.0a-aa")
    reply = module.lambda_handler(Device(skill_id="amzn1.ask.skill.0a-aa").launch(), None)
    assert "Welcome" in reply["response"]["outputSpeech"]["ssml"]


def test_the_web_service_verifies_signatures_by_default(store):
    from skill.settings import Settings
    from skill.web import create_app

    client = create_app(Settings(store=store)).test_client()
    reply = client.post("/", data=json.dumps(Device().launch()), content_type="application/json")
    assert reply.status_code == 400


def test_the_web_service_rejects_a_stale_timestamp_by_default(store):
    from skill.settings import Settings
    from skill.web import create_app

    client = create_app(Settings(store=store)).test_client()
    envelope = Device().launch()
    envelope["request"]["timestamp"] = "2020-01-01T00:00:00Z"
    headers = {"SignatureCertChainUrl": "https://s3.amazonaws.com/echo.api/echo-api-cert.pem", "Signature-256": "x"}
    reply = client.post("/", data=json.dumps(envelope), content_type="application/json", headers=headers)
    assert reply.status_code == 400


def test_chat_talks_a_whole_check_through_in_the_terminal(tmp_path):
    said = "\n".join(["yes", "why do you ask", "no", "quit"]) + "\n"
    result = subprocess.run(
        [sys.executable, "-m", "skill", "chat", "--store", f"sqlite:///{tmp_path}/chat.db"],
        cwd=ROOT, input=said, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Welcome. This takes two or three minutes." in out
    assert "Call 911 now" in out and "<say-as" not in out
    assert "because you have new weakness" in out
    assert "Please call 911 now." in out


def test_chat_understands_the_models_sample_utterances():
    from skill.cli import UtteranceMatcher

    matcher = UtteranceMatcher(ROOT / "interaction_models" / "en-US.json")
    assert matcher.intent_for("I'm not sure.") == "DontKnowIntent"
    assert matcher.intent_for("A little") == "PartlyIntent"
    assert matcher.intent_for("why do you ask?") == "WhyIntent"
    assert matcher.intent_for("flibbertigibbet") == "AMAZON.FallbackIntent"
    assert matcher.is_launch("open back pain check")


def test_chat_fills_slots_and_resolves_them_like_alexa():
    from skill.cli import UtteranceMatcher

    matcher = UtteranceMatcher(ROOT / "interaction_models" / "en-US.json")
    intent, slots = matcher.understand("I'm asking for my mother")
    assert intent == "ForSomeoneElseIntent"
    resolution = slots["relation"]["resolutions"]["resolutionsPerAuthority"][0]
    assert resolution["values"][0]["value"]["id"] == "she"
    assert matcher.understand("for my cat")[1]["relation"]["resolutions"]["resolutionsPerAuthority"][0][
        "status"]["code"] == "ER_SUCCESS_NO_MATCH"


def test_chat_talks_about_someone_else_when_asked(tmp_path):
    said = "\n".join(["no", "I'm asking for my father", "quit"]) + "\n"
    result = subprocess.run(
        [sys.executable, "-m", "skill", "chat", "--store", f"sqlite:///{tmp_path}/chat.db"],
        cwd=ROOT, input=said, capture_output=True, text=True, timeout=60,
    )
    assert "ask about him" in result.stdout and "between his legs. Either one?" in result.stdout
