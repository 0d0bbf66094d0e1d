"""What the web service refuses to start with (fail closed).

Checked by ``python -m skill serve`` before gunicorn starts, and by
``deploy/gunicorn.conf.py`` when gunicorn is started some other way, so
that neither path serves the world with a guessed setting.
"""

from __future__ import annotations

import ipaddress
import logging

from .settings import Settings

log = logging.getLogger("skill.serving")


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


def bind_address(host: str, port: int) -> str:
    """gunicorn's bind syntax: an IPv6 address goes in brackets."""
    return f"[{host.strip('[]')}]:{port}" if ":" in host else f"{host}:{port}"


def refusal(settings: Settings, host: str) -> str | None:
    """Why serving ``settings`` on ``host`` must not start, or None."""
    if is_loopback(host):
        return None
    if not settings.verify:
        return "refusing to serve with SKILL_VERIFY=off on a non-loopback address"
    if settings.skill_id is None and not settings.accept_any_skill:
        return (
            "refusing to serve on a non-loopback address without SKILL_ID: set SKILL_ID to your skill's id "
            "(amzn1.ask.skill....), or SKILL_ACCEPT_ANY_SKILL=on on a host that serves several skills"
        )
    return None


def warn_if_open(settings: Settings) -> None:
    """The loud part of the opt-out: said at every start."""
    if settings.skill_id is None:
        log.warning(
            "SKILL_ID is not set: signed requests of ANY Alexa skill are accepted%s",
            " (SKILL_ACCEPT_ANY_SKILL=on)" if settings.accept_any_skill else "",
        )
