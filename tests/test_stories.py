"""Ten people's checks (issue 11), as whole conversations through real
request envelopes, via the Lambda entry and the Flask endpoint."""

from skill.locales import load
from skill.triage import QUESTIONS

EN = load("en-US")  # the words as they are now: a change of wording does not break these tests
ALL_CLEAR = {q.id: q.reassuring.value for q in QUESTIONS}
SURVIVOR = ALL_CLEAR | {"cancer_history": "yes", "pain_new_or_changed": "yes"}
NUMBER = '<say-as interpret-as="digits">911</say-as>'
#: The possible-infection script for someone who has had cancer (no 24-hour line configured).
SEPSIS = EN.get("emergency.sepsis.speech", number="911", line="", say=EN["emergency.sepsis.say_yes"])


def check(talk, truth, *, say=None):
    """Open and answer from ``truth``; ``say``: question id (asked alone) or
    tuple of ids (a pair) -> the intent said instead when it is asked."""
    talk.open()
    while talk.triage.get("question"):
        asked = talk.triage["question"]
        key = tuple(asked) if isinstance(asked, list) else asked
        if say and key in say:
            talk.say(say[key])
        else:
            talk.answer_from(truth)
    return talk


def medicine(value: str, kind: str) -> dict:
    """The MedicineIntent slot as Alexa resolves it: the value's id is its kind."""
    return {"medicine": {"name": "medicine", "value": value, "confirmationStatus": "NONE", "resolutions": {
        "resolutionsPerAuthority": [{"authority": "amzn1.er-authority.echo-sdk.skill.CANCER_MEDICINE",
                                     "status": {"code": "ER_SUCCESS_MATCH"},
                                     "values": [{"value": {"name": value, "id": kind}}]}]}}}


def test_stable_old_chemo_numbness_is_not_sent_to_911(talk):
    """She has numbness from chemo years ago, unchanged: the numbness
    question asks about what is new or spreading, so she says no."""
    truth = SURVIVOR | {"chemotherapy": "yes", "known_neuropathy": "yes"}
    talk.open().answer("no").answer("no").answer("no")  # chest, the weakness pair, the bladder pair
    assert talk.triage["question"] == "numbness_tingling"
    assert "new or spreading" in talk.speech and "chemo" not in talk.speech
    while talk.triage.get("question"):
        talk.answer_from(truth)
    assert talk.triage["urgency"] == "soon"
    assert "Call 911 now" not in talk.speech


def test_fever_on_chemotherapy_gets_the_sepsis_script(talk):
    check(talk, SURVIVOR | {"fever_chills": "yes", "chemo_now": "yes"})
    assert talk.triage["urgency"] == "emergency"
    assert talk.speech.startswith(SEPSIS)
    # very unwell: the emergency number first
    assert talk.speech.startswith("If you're confused") and talk.speech.index("911") < talk.speech.index("24-hour line")
    assert "24-hour line" in talk.speech and EN["emergency.sepsis.say_yes"] in talk.speech  # on cancer treatment
    assert NUMBER in talk.ssml and "legs are weak" not in talk.speech
    assert talk.speech.endswith("Shall I repeat that?") and not talk.ended
    assert "possible infection" in talk.card["text"]


def test_fever_on_palbociclib_is_heard_as_treatment_that_lowers_blood_counts(talk):
    """She calls Ibrance (palbociclib) with letrozole 'hormone treatment':
    the question asks by kind (cancer tablets, not hormone treatment alone),
    "why" gives the examples, and naming Ibrance answers it."""
    talk.open()
    while talk.triage.get("question") != "chemo_now":
        talk.answer_from(SURVIVOR | {"fever_chills": "yes"})
    assert talk.speech.endswith(EN.question("chemo_now", "ask"))
    assert "hormone or bone" in talk.speech and "cancer pills" in talk.speech
    talk.say("WhyIntent")
    assert "Ibrance" in talk.speech and talk.triage["question"] == "chemo_now"
    talk.say("MedicineIntent", medicine("Ibrance", "systemic"))
    assert talk.triage["answers"]["chemo_now"] == "yes"
    assert talk.triage["question"] == "fever_chills" and "under 96.8" in talk.speech  # the on-treatment form
    talk.answer("yes")
    assert talk.triage["urgency"] == "emergency" and SEPSIS in talk.speech
    assert "Medicines mentioned: Ibrance." in talk.card["text"]


def test_not_sure_about_fever_on_chemotherapy_is_urgent_and_says_take_your_temperature(talk):
    check(talk, SURVIVOR | {"fever_chills": "unknown", "chemo_now": "yes"})
    assert talk.triage["urgency"] == "urgent"
    assert talk.speech.startswith("Take your temperature now. If it's 100.4 or more")
    assert "remind" not in talk.speech and talk.ended


def test_new_numbness_alone_after_cancer_gets_the_24_hour_line_script(talk):
    check(talk, SURVIVOR | {"numbness_tingling": "yes"})
    assert talk.triage["urgency"] == "emergency"
    assert talk.speech.startswith("Call your cancer team's 24-hour number now")
    assert talk.ssml.count(NUMBER) == 2 and "at once" in talk.speech
    assert talk.speech.endswith("Shall I repeat that?")


def test_its_an_emergency_mid_check_gives_the_911_advice_at_once(talk):
    talk.open().answer("no").answer("no").say("EmergencyIntent")
    assert talk.speech.startswith(f"Call 911 now, because {EN['emergency.said_reason']}.")
    assert talk.ssml.count(NUMBER) == 2 and "I can't call" in talk.speech
    assert talk.speech.endswith("Shall I repeat that?") and not talk.ended
    first = talk.speech
    talk.answer("yes")
    assert talk.speech == first
    talk.answer("no")
    assert talk.speech == "Okay. Please call 911 now." and talk.ended


def test_new_upper_back_pain_after_a_lift_in_a_survivor_is_urgent(talk):
    check(talk, SURVIVOR | {"upper_spine": "yes", "precipitating_event": "yes"})
    assert talk.triage["urgency"] == "urgent"
    assert "because the pain is in your upper or middle spine" in talk.speech


def test_a_little_on_rest_is_read_back_as_rest_not_fully_easing_the_pain(talk):
    """Her ache is old and unchanged; rest or painkillers ease it "a little",
    and rest alone "a little": rest not easing the pain alone is a soon sign."""
    check(talk, SURVIVOR | {"pain_new_or_changed": "no"},
          say={("rest_relief", "otc_relief"): "PartlyIntent", "rest_relief": "PartlyIntent"})
    assert talk.triage["answers"]["rest_relief"] == "no"
    assert talk.triage["urgency"] == "soon" and talk.triage["reasons"] == ["rest_relief"]
    assert "because rest doesn't fully ease the pain" in talk.speech


def test_someone_who_never_had_cancer_hears_no_cancer_questions_or_advice(talk):
    check(talk, ALL_CLEAR | {"cancer_history": "no", "precipitating_event": "no"})
    asked = talk.triage["asked"]
    after = asked[asked.index("cancer_history") + 1:]
    assert not {"known_bone_mets", "chemo_now", "chemotherapy", "known_neuropathy", "aromatase_inhibitor"} & set(after)
    assert "your health history and any treatments" in talk.speech
    assert "breast cancer" not in talk.speech and "chemo" not in talk.speech


def test_what_repeats_the_question_and_a_pair_one_item_at_a_time(talk):
    talk.open().answer("no").answer("no").answer("no")
    asked = talk.speech
    talk.say("AMAZON.RepeatIntent")  # "what?", "sorry?", "pardon?"
    assert talk.speech == asked
    talk.say("GoBackIntent").say("AMAZON.RepeatIntent")
    assert talk.triage["question"] == "bladder_bowel" and "one at a time" in talk.speech


def test_remind_me_after_a_result_is_understood(talk):
    check(talk, SURVIVOR | {"night_pain": "yes"})
    talk.say("RemindMeIntent")
    assert "allow reminders" in talk.speech  # no permission on this device: the consent card
    assert talk.card["type"] == "AskForPermissionsConsent"


def test_go_back_after_saying_its_an_emergency_returns_to_the_question_it_interrupted(talk):
    talk.open().answer("no").answer("no").say("EmergencyIntent").say("GoBackIntent")
    assert talk.triage["question"] == ["bladder_bowel", "saddle_numbness"]
    assert talk.speech.startswith("Okay, back one.") and not talk.ended
    talk.answer("no")
    assert talk.triage["question"] == "numbness_tingling"


def test_someone_who_never_had_cancer_is_sent_to_their_doctor_not_a_cancer_team(talk):
    check(talk, ALL_CLEAR | {"cancer_history": "no", "band_pain": "yes"})
    assert talk.triage["urgency"] == "urgent"
    # a yes to a sign is never less urgent than "not sure" of it: within hours
    assert talk.speech.startswith("Call your doctor now, because you have band-like or shooting pain."
                                  " If no one can see you within a few hours, go to the ER.")
    assert "cancer" not in talk.speech
    assert "URGENT: call your doctor now, within hours" in talk.card["text"] and "cancer" not in talk.card["text"]
