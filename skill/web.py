"""The skill as an HTTPS web service (Flask), for clinics and self-hosters.

Amazon requires a web-service skill to verify every request: the ASK SDK's
``RequestVerifier`` (certificate chain and signature over the raw body) and
``TimestampVerifier`` (150 s) run by default. Bad input gets a clear 4xx
and never reaches the skill; errors never show a stack trace to the caller.
"""

from __future__ import annotations

import json
import logging
import math
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import BadRequest, HTTPException, RequestEntityTooLarge

from . import compat
from .alexa.builder import build_skill
from .logs import configure as configure_logging
from .serving import warn_if_open
from .settings import Settings
from .shape import envelope_problem

compat.install()

from ask_sdk_core.exceptions import AskSdkException  # noqa: E402
from ask_sdk_core.skill import CustomSkill  # noqa: E402
from ask_sdk_model import RequestEnvelope  # noqa: E402
from ask_sdk_webservice_support.verifier import (  # noqa: E402
    AbstractVerifier,
    RequestVerifier,  # noqa: F401 - re-exported: the SDK's verifier, importable on this OpenSSL
    TimestampVerifier,
    VerificationException,
)
from ask_sdk_webservice_support.webservice_handler import WebserviceSkillHandler  # noqa: E402

from .verification import CertificateVerifier, ordered  # noqa: E402

log = logging.getLogger("skill.web")

#: Alexa's envelopes nest about 6 deep and our session attributes 3 more;
#: anything far deeper is hostile (and would exhaust the SDK's recursion).
MAX_JSON_DEPTH = 32


class BadEnvelope(ValueError):
    """The body is not shaped like an Alexa request envelope."""


class Rejected(Exception):
    """A request refused before it reached the skill; the reason is for the log."""

    def __init__(self, reason: str, public: str):
        super().__init__(reason)
        self.reason = reason
        self.public = public


def _no_constants(name: str) -> Any:
    raise ValueError(f"JSON constant {name} is not allowed")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def _too_deep(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def check_envelope_shape(body: str) -> dict[str, Any]:
    """Reject what is plainly not an Alexa request before any other work."""
    try:
        envelope = json.loads(body, parse_constant=_no_constants, parse_float=_finite_float)
    except (ValueError, RecursionError) as e:
        raise BadEnvelope("body is not valid JSON") from e
    if isinstance(envelope, dict) and _too_deep(envelope, MAX_JSON_DEPTH):
        raise BadEnvelope(f"body nests deeper than {MAX_JSON_DEPTH} levels")
    problem = envelope_problem(envelope)
    if problem:
        raise BadEnvelope(problem)
    return envelope


def _verification_reason(verifier: AbstractVerifier, e: Exception) -> str:
    """Why a verifier refused, in words fit for the log (no request data)."""
    name = type(verifier).__name__
    if isinstance(e, VerificationException):
        message = e.args[0] if e.args else "failed"
        return f"{name}: {message}"
    # The SDK verifiers raise other errors on some hostile input (a signature
    # that is not base64, a certificate without SANs, a naive timestamp, an
    # unreachable certificate URL): still a failed verification, not a 500.
    kind = type(e)
    origin = kind.__module__.split(".")[0]
    return f"{name}: {kind.__name__ if origin == 'builtins' else origin + '.' + kind.__name__}"


class GuardedSkillHandler(WebserviceSkillHandler):
    """``WebserviceSkillHandler`` whose every refusal is a ``Rejected``.

    The SDK's handler lets any verifier or deserializer error escape as is;
    here each phase (parse, verify, skill id) fails with a reason, so that
    the caller gets a 400 and the skill and its store are never reached.
    """

    def verify_request_and_dispatch(self, http_request_headers: Any, http_request_body: str) -> Any:
        try:
            envelope = self._skill.serializer.deserialize(payload=http_request_body, obj_type=RequestEnvelope)
        except Exception as e:  # noqa: BLE001 - the SDK raises more than SerializationException
            raise Rejected(f"not a valid Alexa request envelope ({type(e).__name__})", "malformed request") from e

        # The application id and the timestamp first: they cost nothing, and
        # a request that fails them must never make us fetch a certificate.
        skill_id = self._skill.skill_id
        if skill_id is not None:
            application = getattr(getattr(envelope.context, "system", None), "application", None)
            if getattr(application, "application_id", None) != skill_id:
                raise Rejected("application id does not match this skill", "request rejected")

        for verifier in ordered(self._verifiers):
            try:
                verifier.verify(
                    headers=http_request_headers,
                    serialized_request_env=http_request_body,
                    deserialized_request_env=envelope,
                )
            except Exception as e:  # noqa: BLE001 - any verifier failure is a refusal
                raise Rejected(
                    "verification failed: " + _verification_reason(verifier, e), "request verification failed"
                ) from e

        response_envelope = self._skill.invoke(request_envelope=envelope, context=None)
        return self._skill.serializer.serialize(response_envelope)


def _read_body(limit: int) -> bytes:
    """The body, refused with 413 past ``limit`` bytes, whether it came
    with a Content-Length (Flask refuses it before reading) or chunked: one
    byte past the limit is read to tell, never the rest."""
    if request.content_length is not None or not request.environ.get("wsgi.input_terminated"):
        return request.get_data(cache=False)  # 413 above MAX_CONTENT_LENGTH
    # Chunked: werkzeug's stream would stop quietly at the limit (a cut body).
    try:
        raw = request.environ["wsgi.input"].read(limit + 1)
    except Exception as e:  # noqa: BLE001 - the server's chunk parser: a bad size, a client gone mid-chunk
        log.warning("rejected request: body unreadable (%s)", type(e).__name__)
        raise BadRequest() from None
    if len(raw) > limit:
        raise RequestEntityTooLarge()
    return raw


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
    The active ones are listed in ``app.extensions["alexa_verifiers"]``.
    """
    settings = settings or Settings.from_env()
    configure_logging(settings.log_level)
    skill = skill or build_skill(settings)
    if settings.verify:
        active = verifiers if verifiers is not None else [TimestampVerifier(), CertificateVerifier()]
    else:
        active = []
        log.warning(
            "REQUEST VERIFICATION IS OFF: any caller can reach this skill. "
            "Use only for local testing on loopback (SKILL_VERIFY=off)."
        )
    warn_if_open(settings)
    handler = GuardedSkillHandler(skill=skill, verify_signature=False, verify_timestamp=False, verifiers=active)

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.extensions["alexa_verifiers"] = list(active)

    @app.get("/health")
    def health() -> Response:
        return jsonify({"status": "ok"})

    @app.post("/")
    def alexa() -> Response:
        if request.mimetype != "application/json":
            log.warning("rejected request: content type is not application/json")
            return _error(415, "content type must be application/json")
        raw = _read_body(settings.max_body_bytes)
        try:
            body = raw.decode("utf-8")
            check_envelope_shape(body)
        except (UnicodeDecodeError, BadEnvelope) as e:
            log.warning("rejected request: %s", e if isinstance(e, BadEnvelope) else "body is not UTF-8")
            return _error(400, "malformed request")
        try:
            answer = handler.verify_request_and_dispatch(http_request_headers=request.headers, http_request_body=body)
        except Rejected as e:
            log.warning("rejected request: %s", e.reason)
            return _error(400, e.public)
        except AskSdkException as e:
            # Escaped the skill's own exception handler: the SDK refusing the
            # request (e.g. session attributes of a request outside a session).
            log.warning("rejected request: the skill could not take it (%s)", type(e).__name__)
            return _error(400, "request rejected")
        except Exception as e:  # noqa: BLE001 - never a stack trace to the caller
            log.error("request failed: %s", type(e).__name__, exc_info=e)
            return _error(500, "internal error")
        return app.response_class(json.dumps(answer), mimetype="application/json")

    @app.errorhandler(413)
    def too_large(_e: Exception) -> Response:
        log.warning("rejected request: body over %s bytes", settings.max_body_bytes)
        return _error(413, f"request body over {settings.max_body_bytes} bytes")

    @app.errorhandler(HTTPException)
    def other_http_error(e: HTTPException) -> Response:
        response = _error(e.code or 400, (e.name or "bad request").lower())
        for name, value in e.get_headers():
            if name.lower() == "allow":  # a 405 says which methods would do
                response.headers[name] = value
        return response

    return app
