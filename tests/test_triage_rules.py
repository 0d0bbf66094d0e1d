"""The decision rules of shared/triage-spec.md, one behaviour per test."""

import pytest

from skill.triage import QUESTIONS, TIER_1, TIER_2, Script, Urgency, assess, level_of

ALL_CLEAR = {q.id: q.reassuring.value for q in QUESTIONS}
SURVIVOR = {**ALL_CLEAR, "cancer_history": "yes"}
NO_HISTORY = {**ALL_CLEAR, "cancer_history": "no"}


def level(**answers: str) -> Urgency:
    return assess({**ALL_CLEAR, **answers}).level


# -- the spec's examples ------------------------------------------------------
SPEC_EXAMPLES = {
    "survivor, new pain, legs weak since yesterday": (
        {**SURVIVOR, "pain_new_or_changed": "yes", "limb_weakness": "yes"},
        Urgency.EMERGENCY,
    ),
    "no history, sudden trouble passing urine": ({**NO_HISTORY, "bladder_bowel": "yes"}, Urgency.EMERGENCY),
    "survivor on chemotherapy now, shivering": (
        {**SURVIVOR, "chemo_now": "yes", "chemotherapy": "yes", "fever_chills": "yes"},
        Urgency.EMERGENCY,
    ),
    "survivor, constant pain three weeks, worse lying down": (
        {**SURVIVOR, "pain_new_or_changed": "yes", "progressive_pain": "yes", "night_pain": "yes"},
        Urgency.URGENT,
    ),
    "survivor on letrozole, stiff joints, ache eases with rest and ibuprofen": (
        {
            **SURVIVOR,
            "pain_new_or_changed": "yes",
            "aromatase_inhibitor": "yes",
            "joint_pain_stiffness": "yes",
            "still_in_treatment": "yes",
        },
        Urgency.SOON,
    ),
    "no history, strained back lifting a box, better with rest": (
        {**NO_HISTORY, "pain_new_or_changed": "yes", "precipitating_event": "yes"},
        Urgency.ROUTINE,
    ),
}


@pytest.mark.parametrize("story", SPEC_EXAMPLES)
def test_each_spec_example_reaches_its_level(story):
    answers, expected = SPEC_EXAMPLES[story]
    assert assess(answers).level is expected


# -- rule 1: emergency -------------------------------------------------------------
@pytest.mark.parametrize(
    "sign", ["chest_or_breathing", "limb_weakness", "walking_difficulty", "bladder_bowel", "saddle_numbness",
             "both_legs"]
)
@pytest.mark.parametrize("history", ["yes", "no", "unknown"])
def test_a_general_cord_or_cauda_equina_sign_is_an_emergency_for_anyone(sign, history):
    assert level(**{sign: "yes", "cancer_history": history}) is Urgency.EMERGENCY


def test_chest_pain_or_breathlessness_gets_the_general_script_and_it_wins_over_every_other():
    result = assess({**SURVIVOR, "chest_or_breathing": "yes", "limb_weakness": "yes", "fever_chills": "yes",
                     "chemo_now": "yes"})
    assert result.script is Script.GENERAL and result.also == (Script.CORD, Script.SEPSIS)


def test_on_tamoxifen_sudden_pain_between_the_shoulder_blades_and_breathless_is_an_emergency():
    answers = {**SURVIVOR, "still_in_treatment": "yes", "pain_new_or_changed": "yes", "upper_spine": "yes",
               "chest_or_breathing": "yes"}
    assert assess(answers).script is Script.GENERAL


def test_pain_down_both_legs_without_cancer_gets_the_cord_script():
    result = assess({**NO_HISTORY, "numbness_tingling": "yes", "both_legs": "yes"})
    assert result.level is Urgency.EMERGENCY and result.script is Script.CORD


def test_survivor_on_ribociclib_shivery_and_unwell_without_a_thermometer_is_sepsis():
    """Spec v4: ribociclib is a CDK4/6 inhibitor (chemo_now yes); feeling
    shivery or suddenly unwell on treatment is the fever question's yes."""
    result = assess({**SURVIVOR, "chemo_now": "yes", "chemotherapy": "yes", "fever_chills": "yes"})
    assert result.script is Script.SEPSIS


def test_no_history_lifting_strain_walking_slowly_only_because_it_hurts_is_never_an_emergency():
    """Pain-limited walking and codeine constipation are 'no' to the cord signs (the wording says so)."""
    answers = {**NO_HISTORY, "pain_new_or_changed": "yes", "precipitating_event": "yes"}
    assert assess(answers).level <= Urgency.SOON


@pytest.mark.parametrize("sign", ["numbness_tingling", "band_pain"])
@pytest.mark.parametrize("history", ["yes", "unknown"])
def test_numbness_or_band_pain_with_history_is_an_emergency(sign, history):
    assert level(**{sign: "yes", "cancer_history": history}) is Urgency.EMERGENCY


@pytest.mark.parametrize("sign", ["numbness_tingling", "band_pain"])
def test_numbness_or_band_pain_without_history_is_urgent(sign):
    assert level(**{sign: "yes", "cancer_history": "no"}) is Urgency.URGENT


@pytest.mark.parametrize("chemo_now", ["yes", "unknown"])
def test_fever_during_chemotherapy_is_an_emergency(chemo_now):
    assert level(fever_chills="yes", chemo_now=chemo_now) is Urgency.EMERGENCY


def test_fever_without_current_chemotherapy_is_urgent():
    assert level(fever_chills="yes", chemo_now="no") is Urgency.URGENT


# -- the three emergency scripts -------------------------------------------------
@pytest.mark.parametrize("sign", ["limb_weakness", "walking_difficulty", "bladder_bowel", "saddle_numbness"])
def test_a_cord_sign_gets_the_emergency_number_script(sign):
    assert assess({**SURVIVOR, sign: "yes"}).script is Script.CORD


@pytest.mark.parametrize("sign", ["numbness_tingling", "band_pain"])
def test_new_nerve_signs_alone_after_cancer_get_the_24_hour_line_script(sign):
    assert assess({**SURVIVOR, sign: "yes"}).script is Script.NERVE


def test_fever_on_chemotherapy_gets_the_sepsis_script():
    result = assess({**SURVIVOR, "fever_chills": "yes", "chemo_now": "yes"})
    assert result.script is Script.SEPSIS and result.also == ()


def test_when_several_fire_the_cord_script_wins_and_adds_what_the_others_need():
    result = assess({**SURVIVOR, "limb_weakness": "yes", "fever_chills": "yes", "chemo_now": "yes",
                     "numbness_tingling": "yes"})
    assert result.script is Script.CORD and result.also == (Script.SEPSIS, Script.NERVE)


def test_below_emergency_there_is_no_script():
    assert assess({**SURVIVOR, "night_pain": "yes"}).script is None


# -- rule 2: urgent ----------------------------------------------------------------
@pytest.mark.parametrize("sign", TIER_1)
def test_an_unknown_emergency_sign_is_at_least_urgent(sign):
    assert level(**{sign: "unknown"}) is Urgency.URGENT


@pytest.mark.parametrize(
    "sign", ["night_pain", "progressive_pain", "straining_pain", "spinal_tenderness", "severe_pain"]
)
def test_a_spinal_metastasis_sign_in_a_survivor_is_urgent(sign):
    assert assess({**SURVIVOR, sign: "yes"}).level is Urgency.URGENT


def test_known_bone_metastases_with_new_or_changed_pain_are_urgent():
    assert assess({**SURVIVOR, "known_bone_mets": "yes", "pain_new_or_changed": "yes"}).level is Urgency.URGENT


def test_known_bone_metastases_with_unchanged_pain_are_soon_not_urgent_at_every_check():
    assert assess({**SURVIVOR, "known_bone_mets": "yes", "pain_new_or_changed": "no"}).level is Urgency.SOON


def test_new_pain_in_a_survivor_that_neither_rest_nor_painkillers_ease_is_urgent():
    """Spec v4: both together are unremitting pain."""
    answers = {**SURVIVOR, "pain_new_or_changed": "yes", "rest_relief": "no", "otc_relief": "no"}
    assert assess(answers).level is Urgency.URGENT


@pytest.mark.parametrize("sign", ["rest_relief", "otc_relief"])
def test_rest_or_painkillers_not_easing_the_pain_alone_is_soon_not_urgent(sign):
    """Spec v4: no guideline lists either alone for 24-hour contact (the
    aromatase-inhibitor pattern: stiff at rest, better once moving)."""
    assert assess({**SURVIVOR, "pain_new_or_changed": "yes", sign: "no"}).level is Urgency.SOON


def test_the_letrozole_survivor_stiff_in_the_morning_whom_rest_does_not_help_is_soon():
    answers = {**SURVIVOR, "pain_new_or_changed": "yes", "aromatase_inhibitor": "yes", "still_in_treatment": "yes",
               "joint_pain_stiffness": "yes", "rest_relief": "no"}
    assert assess(answers).level is Urgency.SOON


def test_unchanged_long_standing_upper_back_pain_in_a_survivor_is_soon():
    """Posture after surgery, the commonest survivor pain: its cause can be offered."""
    answers = {**SURVIVOR, "pain_new_or_changed": "no", "upper_spine": "yes", "breast_surgery": "yes"}
    result = assess(answers)
    assert result.level is Urgency.SOON and "surgery_posture" in result.causes


@pytest.mark.parametrize("trigger", ["yes", "no", "unknown"])
def test_new_upper_back_pain_in_a_survivor_is_urgent_whatever_set_it_off(trigger):
    """NG234: thoracic or cervical pain; a fracture at a metastasis often starts with a lift."""
    answers = {**SURVIVOR, "pain_new_or_changed": "yes", "upper_spine": "yes", "precipitating_event": trigger}
    assert assess(answers).level is Urgency.URGENT


@pytest.mark.parametrize("chemo_now", ["yes", "unknown"])
def test_not_sure_about_fever_on_chemotherapy_is_urgent_and_says_take_your_temperature(chemo_now):
    result = assess({**SURVIVOR, "fever_chills": "unknown", "chemo_now": chemo_now})
    assert result.level is Urgency.URGENT
    assert "urgent.fever_unsure_on_treatment" in result.rules


def test_not_sure_about_fever_off_chemotherapy_is_soon():
    assert assess({**ALL_CLEAR, "fever_chills": "unknown", "chemo_now": "no"}).level is Urgency.SOON


@pytest.mark.parametrize("context", ["pain_new_or_changed", "progressive_pain", "night_pain"])
def test_weight_loss_with_new_constant_or_night_pain_is_urgent(context):
    assert assess({**NO_HISTORY, "weight_loss": "yes", context: "yes"}).level is Urgency.URGENT


def test_a_fall_on_an_aromatase_inhibitor_is_urgent_even_without_history():
    assert assess({**NO_HISTORY, "fall_or_injury": "yes", "aromatase_inhibitor": "yes"}).level is Urgency.URGENT


# -- rule 3: soon ------------------------------------------------------------------
@pytest.mark.parametrize("sign", TIER_2)
def test_an_unknown_urgent_sign_is_at_least_soon(sign):
    assert assess({**NO_HISTORY, sign: "unknown"}).level >= Urgency.SOON


def test_new_pain_in_a_survivor_is_soon():
    assert assess({**SURVIVOR, "pain_new_or_changed": "yes"}).level is Urgency.SOON


@pytest.mark.parametrize(
    "treatment, pattern",
    [
        ("aromatase_inhibitor", "joint_pain_stiffness"),
        ("breast_surgery", "upper_spine"),
        ("radiation_therapy", "upper_spine"),
        ("chemotherapy", "known_neuropathy"),
    ],
)
def test_a_treatment_pattern_is_soon_and_names_its_cause(treatment, pattern):
    result = assess({**NO_HISTORY, treatment: "yes", pattern: "yes"})
    assert result.level is Urgency.SOON
    assert result.causes


@pytest.mark.parametrize("sign", ["night_pain", "fall_or_injury"])
def test_without_history_night_pain_or_a_fall_is_soon(sign):
    assert assess({**NO_HISTORY, sign: "yes"}).level is Urgency.SOON


def test_without_history_pain_that_rest_does_not_ease_is_soon():
    assert assess({**NO_HISTORY, "rest_relief": "no"}).level is Urgency.SOON


def test_without_a_clear_trigger_pain_is_soon():
    assert assess({**NO_HISTORY, "precipitating_event": "no"}).level is Urgency.SOON


# -- rule 4 and unknowns -----------------------------------------------------------
def test_no_red_flags_and_a_mechanical_cause_is_routine():
    assert assess(ALL_CLEAR).level is Urgency.ROUTINE


@pytest.mark.parametrize("qid", ["cancer_history", "pain_new_or_changed", "chemo_now", "aromatase_inhibitor"])
def test_a_tier_3_unknown_counts_as_the_worrying_answer(qid):
    base = {**NO_HISTORY, "fever_chills": "yes", "fall_or_injury": "yes", "joint_pain_stiffness": "yes"}
    worrying = next(q for q in QUESTIONS if q.id == qid).worrying.value
    assert assess({**base, qid: "unknown"}).level == assess({**base, qid: worrying}).level


def test_all_unknown_is_urgent_not_reassuring():
    assert assess({q.id: "unknown" for q in QUESTIONS}).level is Urgency.URGENT


def test_unanswered_questions_count_as_unknown():
    assert level_of({}) is Urgency.URGENT


# -- explained ----------------------------------------------------------------------
def test_reasons_name_the_questions_that_set_the_level():
    result = assess({**SURVIVOR, "night_pain": "yes"})
    assert set(result.reasons) == {"night_pain", "cancer_history"}


def test_routine_has_no_reasons():
    assert assess(ALL_CLEAR).reasons == ()


def test_a_treatment_cause_needs_a_confirmed_treatment():
    result = assess({**NO_HISTORY, "aromatase_inhibitor": "unknown", "joint_pain_stiffness": "yes"})
    assert result.level is Urgency.SOON
    assert result.causes == ()
