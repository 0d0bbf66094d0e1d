"""The skill as an HTTPS web service (Flask), for clinics and self-hosters.

Amazon requires a web-service skill to verify every request: the ASK SDK's
``RequestVerifier`` (certificate chain and signature over the raw body) and
``TimestampVerifier`` (150 s) run by default. Bad input gets a clear 4xx
and never reaches the skill; errors never show a stack trace to the caller.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Flask, Response, jsonify, request

from . import compat
from .alexa.builder import build_skill
from .settings import Settings

compat.install()

from ask_sdk_core.exceptions import AskSdkException, SerializationException  # noqa: E402
from ask_sdk_core.skill import CustomSkill  # noqa: E402
from ask_sdk_webservice_support.verifier import (  # noqa: E402
    AbstractVerifier,
    RequestVerifier,
    TimestampVerifier,
    VerificationException,
)
from ask_sdk_webservice_support.webservice_handler import WebserviceSkillHandler  # noqa: E402

log = logging.getLogger("skill.web")


class BadEnvelope(ValueError):
    """The body is not shaped like an Alexa request envelope."""


def check_envelope_shape(body: str) -> dict[str, Any]:
    """Reject what is plainly not an Alexa request before any other work."""
    try:
        envelope = json.loads(body)
    except ValueError as e:
        raise BadEnvelope("body is not valid JSON") from e
    if not isinstance(envelope, dict):
        raise BadEnvelope("body is not a JSON object")
    req = envelope.get("request")
    if not isinstance(req, dict) or not isinstance(req.get("type"), str):
        raise BadEnvelope("missing request.type")
    system = (envelope.get("context") or {}).get("System") if isinstance(envelope.get("context"), dict) else None
    if not isinstance(system, dict) or not isinstance(system.get("application"), dict):
        raise BadEnvelope("missing context.System.application")
    return envelope


def _error(status: int, message: str) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


def create_app(
    settings: Settings | None = None,
    skill: CustomSkill | None = None,
    verifiers: list[AbstractVerifier] | None = None,
) -> Flask:
    """Build the Flask app around the one skill.

    ``verifiers`` replaces the default signature and timestamp verifiers
    (tests pass pre-seeded ones); with ``settings.verify`` off none run.
    """
    settings = settings or Settings.from_env()
    skill = skill or build_skill(settings)
    if settings.verify:
        active = verifiers if verifiers is not None else [RequestVerifier(), TimestampVerifier()]
    else:
        active = []
        log.warning(
            "REQUEST VERIFICATION IS OFF: any caller can reach this skill. "
            "Use only for local testing on loopback (SKILL_VERIFY=off)."
        )
    handler = WebserviceSkillHandler(skill=skill, verify_signature=False, verify_timestamp=False, verifiers=active)

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes

    @app.get("/health")
    def health() -> Response:
        return jsonify({"status": "ok"})

    @app.post("/")
    def alexa() -> Response:
        if request.mimetype != "application/json":
            return _error(415, "content type must be application/json")
        raw = request.get_data(cache=False)  # 413 above MAX_CONTENT_LENGTH
        try:
            body = raw.decode("utf-8")
            check_envelope_shape(body)
        except (UnicodeDecodeError, BadEnvelope) as e:
            log.warning("rejected request: %s", e if isinstance(e, BadEnvelope) else "body is not UTF-8")
            return _error(400, "malformed request")
        try:
            answer = handler.verify_request_and_dispatch(http_request_headers=request.headers, http_request_body=body)
        except VerificationException as e:
            log.warning("rejected request: verification failed: %s", e)
            return _error(400, "request verification failed")
        except SerializationException:
            log.warning("rejected request: not a valid Alexa request envelope")
            return _error(400, "malformed request")
        except AskSdkException as e:
            log.warning("rejected request: %s", e)
            return _error(400, "request rejected")
        except Exception as e:  # noqa: BLE001 - never a stack trace to the caller
            log.error("request failed: %s", type(e).__name__, exc_info=e)
            return _error(500, "internal error")
        return app.response_class(json.dumps(answer), mimetype="application/json")

    @app.errorhandler(413)
    def too_large(_e: Exception) -> Response:
        return _error(413, f"request body over {settings.max_body_bytes} bytes")

    @app.errorhandler(404)
    def not_found(_e: Exception) -> Response:
        return _error(404, "not found")

    @app.errorhandler(405)
    def not_allowed(_e: Exception) -> Response:
        return _error(405, "method not allowed")

    return app
