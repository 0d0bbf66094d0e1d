"""Reminders after an urgent or soon result, against a stand-in of the
Alexa Reminders API served on loopback at the envelope's apiEndpoint."""

import ipaddress
import json
import ssl
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from skill.envelopes import Device
from tests.conftest import Talk
from tests.test_triage_rules import SPEC_EXAMPLES

URGENT = SPEC_EXAMPLES["survivor, constant pain three weeks, worse lying down"][0]
SOON = SPEC_EXAMPLES["survivor on letrozole, stiff joints, ache eases with rest and ibuprofen"][0]
ROUTINE = SPEC_EXAMPLES["no history, strained back lifting a box, better with rest"][0]


class RemindersApi(BaseHTTPRequestHandler):
    """POST /v1/alerts/reminders: 201, or 401 for the token 'revoked'; and
    GET a device's time zone setting (404 when ``time_zone`` is None)."""

    received: list = []
    time_zone: str | None = "Pacific/Kiritimati"  # UTC+14: its tomorrow is rarely UTC's

    def do_GET(self):  # noqa: N802 - http.server's naming
        if self.path.endswith("/settings/System.timeZone") and self.time_zone:
            self._reply(200, self.time_zone)
        else:
            self._reply(404, {"message": "not found"})

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path != "/v1/alerts/reminders":
            self._reply(404, {"message": "not found"})
        elif self.headers.get("Authorization") == "Bearer revoked":
            self._reply(401, {"code": "UNAUTHORIZED", "message": "no permission"})
        else:
            self.received.append({"body": body, "auth": self.headers.get("Authorization")})
            self._reply(201, {"alertToken": "a1", "createdTime": "2026-12-01T10:00:00.000Z", "status": "ON",
                              "version": "1", "href": "/v1/alerts/reminders/a1"})

    def _reply(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def self_signed_loopback_cert(folder) -> tuple[str, str]:
    """A certificate for 127.0.0.1: the SDK's API client calls HTTPS only."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "api.pem", folder / "api.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


@pytest.fixture
def reminders_api(tmp_path, monkeypatch):
    cert, key = self_signed_loopback_cert(tmp_path)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", cert)  # trust the stand-in, as the real one is trusted
    RemindersApi.received = []
    RemindersApi.time_zone = "Pacific/Kiritimati"
    server = ThreadingHTTPServer(("127.0.0.1", 0), RemindersApi)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{server.server_address[1]}", RemindersApi.received
    server.shutdown()


def granted(endpoint: str, token: str = "granted-token") -> Device:
    device = Device(api_endpoint=endpoint, consent_token=token)
    return device


def test_an_urgent_result_offers_a_reminder_in_an_hour(talk):
    talk.run_check(URGENT)
    assert talk.speech.endswith("Shall I remind you in an hour?")
    assert not talk.ended


def test_a_soon_result_offers_a_reminder_tomorrow_at_nine(talk):
    talk.run_check(SOON).answer("no")
    assert talk.speech.endswith("Shall I remind you tomorrow at nine?")


def test_routine_and_emergency_results_offer_no_reminder(talk):
    talk.run_check(ROUTINE)
    assert "remind" not in talk.speech
    talk.run_check(URGENT | {"limb_weakness": "yes"})
    assert "remind" not in talk.speech


def test_yes_creates_the_reminder_through_the_reminders_api(transport, reminders_api):
    endpoint, received = reminders_api
    talk = Talk(transport, granted(endpoint)).run_check(URGENT)
    talk.answer("yes")
    assert "I'll remind you in an hour" in talk.speech and talk.ended
    (call,) = received
    assert call["auth"] == "Bearer local-token"
    assert call["body"]["trigger"] == {"type": "SCHEDULED_RELATIVE", "offsetInSeconds": 3600}
    assert call["body"]["alertInfo"]["spokenInfo"]["content"][0]["text"] == "Call your cancer care team today."
    assert "pain" not in json.dumps(call["body"])  # the reminder names the action, not health details


def test_the_soon_reminder_is_tomorrow_at_nine_in_the_devices_time_zone(transport, reminders_api):
    endpoint, received = reminders_api
    Talk(transport, granted(endpoint)).run_check(SOON).answer("no").answer("yes")
    trigger = received[0]["body"]["trigger"]
    assert trigger["type"] == "SCHEDULED_ABSOLUTE" and trigger["timeZoneId"] == "Pacific/Kiritimati"
    scheduled = datetime.fromisoformat(trigger["scheduledTime"])
    tomorrow = (datetime.now(ZoneInfo("Pacific/Kiritimati")) + timedelta(days=1)).date()
    assert scheduled.time().hour == 9 and scheduled.date() == tomorrow


def test_without_the_devices_time_zone_the_soon_reminder_is_still_set_for_nine(transport, reminders_api):
    endpoint, received = reminders_api
    RemindersApi.time_zone = None
    talk = Talk(transport, granted(endpoint)).run_check(SOON).answer("no").answer("yes")
    assert "I'll remind you tomorrow at nine" in talk.speech
    trigger = received[0]["body"]["trigger"]
    assert "timeZoneId" not in trigger and datetime.fromisoformat(trigger["scheduledTime"]).time().hour == 9


def test_without_permission_the_consent_card_is_sent_and_explained(transport, reminders_api):
    endpoint, received = reminders_api
    talk = Talk(transport, Device(api_endpoint=endpoint)).run_check(URGENT).answer("yes")
    assert talk.card == {"type": "AskForPermissionsConsent", "permissions": ["alexa::alerts:reminders:skill:readwrite"]}
    assert "allow reminders" in talk.speech and talk.ended
    assert received == []


def test_a_revoked_permission_gets_the_consent_card(transport, reminders_api):
    endpoint, _ = reminders_api
    talk = Talk(transport, granted(endpoint)).run_check(URGENT)
    talk.device.consent_token = "granted"
    envelope = talk.device.intent("AMAZON.YesIntent")
    envelope["context"]["System"]["apiAccessToken"] = "revoked"
    talk._send(envelope)
    assert talk.card["type"] == "AskForPermissionsConsent"


def test_an_unreachable_reminders_api_is_a_spoken_apology_not_an_error(transport):
    talk = Talk(transport, granted("https://127.0.0.1:9")).run_check(URGENT).answer("yes")
    assert "couldn't set the reminder" in talk.speech and talk.ended


def test_no_to_the_reminder_says_goodbye(talk):
    talk.run_check(URGENT).answer("no")
    assert "no reminder" in talk.speech and talk.ended


def test_repeat_after_the_offer_repeats_the_advice(talk):
    talk.run_check(SOON).answer("no").say("AMAZON.RepeatIntent")
    assert "within two weeks" in talk.speech and not talk.ended


def test_speaking_slower_while_a_reminder_is_offered_keeps_the_offer(talk):
    talk.run_check(SOON).answer("no").say("SlowerIntent")
    assert 'rate="85%"' in talk.ssml and not talk.ended
    assert talk.speech.endswith("Shall I remind you tomorrow at nine?")
    talk.answer("no")
    assert "no reminder" in talk.speech and talk.ended


def test_asking_why_while_a_reminder_is_offered_explains_and_keeps_the_offer(talk):
    talk.run_check(SOON).answer("no").say("WhyIntent")
    assert talk.speech.startswith("I said that because")
    assert talk.speech.endswith("Shall I remind you tomorrow at nine?") and not talk.ended
    talk.answer("no")
    assert "no reminder" in talk.speech and talk.ended


# -- reminders on request ("remind me to call my doctor") ---------------------------------
def test_remind_me_after_a_result_sets_the_reminder_for_that_result(transport, reminders_api):
    endpoint, received = reminders_api
    talk = Talk(transport, granted(endpoint)).run_check(URGENT).say("RemindMeIntent")
    assert "I'll remind you in an hour" in talk.speech and talk.ended
    assert received[0]["body"]["trigger"] == {"type": "SCHEDULED_RELATIVE", "offsetInSeconds": 3600}


def test_remind_me_after_a_routine_result_is_the_two_week_safety_net(skill_with, store, reminders_api):
    endpoint, received = reminders_api
    transport = skill_with(store, SKILL_RETAIN_ANSWERS="on")
    talk = Talk(transport, granted(endpoint)).run_check(ROUTINE)
    assert talk.ended  # the routine advice ends the session; "remind me" comes as a new request
    talk.say("RemindMeIntent")
    assert "I'll remind you in two weeks" in talk.speech
    assert received[0]["body"]["trigger"] == {"type": "SCHEDULED_RELATIVE", "offsetInSeconds": 14 * 24 * 3600}
    assert "back pain isn't better" in received[0]["body"]["alertInfo"]["spokenInfo"]["content"][0]["text"]


def test_remind_me_with_no_result_offers_a_check_first(talk):
    talk.say("RemindMeIntent")
    assert "once we've done a check" in talk.speech and not talk.ended


def test_remind_me_without_permission_sends_the_consent_card_and_says_how_to_ask_again(talk):
    talk.run_check(URGENT).say("RemindMeIntent")
    assert talk.card["type"] == "AskForPermissionsConsent"
    assert "then say remind me" in talk.speech


def test_remind_me_with_answers_kept_uses_the_last_result(skill_with, store, reminders_api):
    endpoint, received = reminders_api
    transport = skill_with(store, SKILL_RETAIN_ANSWERS="on")
    device = granted(endpoint)
    Talk(transport, device).run_check(URGENT).answer("no")
    Talk(transport, device).say("RemindMeIntent")
    assert received[0]["body"]["trigger"]["offsetInSeconds"] == 3600
