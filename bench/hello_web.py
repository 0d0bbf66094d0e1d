"""The web floor: a few lines of Flask around the ASK SDK's
``WebserviceSkillHandler`` and the hello-world skill (verification off, as
our service runs with ``SKILL_VERIFY=off`` in the benchmark).

gunicorn: ``bench.hello_web:create_app()``.
"""

from __future__ import annotations

import json

from flask import Flask, Response, jsonify, request

from bench.hello_world import hello_builder
from skill import compat
from skill.settings import Settings

compat.install()  # oscrypto 1.3.0 and OpenSSL 3.0.1x: see skill/compat.py

from ask_sdk_webservice_support.webservice_handler import WebserviceSkillHandler  # noqa: E402


def create_app() -> Flask:
    settings = Settings.from_env()
    handler = WebserviceSkillHandler(
        skill=hello_builder(settings).create(), verify_signature=False, verify_timestamp=False
    )
    app = Flask(__name__)

    @app.get("/health")
    def health() -> Response:
        return jsonify({"status": "ok"})

    @app.post("/")
    def alexa() -> Response:
        answer = handler.verify_request_and_dispatch(request.headers, request.get_data(as_text=True))
        return app.response_class(json.dumps(answer), mimetype="application/json")

    return app
