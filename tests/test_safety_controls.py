"""Safety controls of the hazard log that no other test covers yet
(docs/clinical-safety/hazard-log.md), through the Lambda handler in every
locale."""

import pytest

from reports.safety_case import script_heard
from skill.envelopes import Device
from skill.locales import available_locales, load
from tests.conftest import Talk


@pytest.mark.parametrize("locale", available_locales())
def test_its_an_emergency_mid_check_gives_the_cord_script_at_once(lambda_transport, locale):
    talk = Talk(lambda_transport, Device(locale=locale)).open()
    talk.answer("no")  # the first question (or pair): no
    talk.say("EmergencyIntent")
    assert script_heard(locale, talk.ssml) == "cord", talk.speech
    assert talk.ssml.count(load(locale)["meta.emergency_number_ssml"]) == 2, "the number, twice"
    assert not talk.ended, "the session stays open for 'Shall I repeat that?'"
