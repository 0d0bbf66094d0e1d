"""The hazard log of the back pain check, as data (issue 14).

``make safety-case`` renders it to docs/clinical-safety/hazard-log.md and
``tests/test_safety_case.py`` checks that every code path and every test
named here exists. Severity and likelihood use the example risk matrix of
the DCB0129 guidance (a deploying organisation may substitute its own).

``depends`` names the parts of the clinical content (see
``reports.safety_case.fingerprint``) whose change means re-reviewing the
hazard: ``rules``, ``vocabulary``, ``interview``, ``questions``,
``emergency``, ``advice``.

References: ``path`` (a file), ``path::name`` (a top-level function, class
or assignment; ``Class.method`` for a method), and tests as pytest node
ids ``tests/file.py::test_name`` (``[param]`` checked for the generated
rule and vignette tests).
"""

from __future__ import annotations

from dataclasses import dataclass

SEVERITY = ("Minor", "Significant", "Considerable", "Major", "Catastrophic")
LIKELIHOOD = ("Very low", "Low", "Medium", "High", "Very high")
#: RISK[likelihood][severity], 1 (acceptable) .. 5 (unacceptable).
RISK = (
    (1, 1, 2, 2, 3),
    (1, 2, 2, 3, 4),
    (2, 2, 3, 3, 4),
    (2, 3, 3, 4, 5),
    (3, 4, 4, 5, 5),
)
RISK_MEANING = {
    1: "acceptable",
    2: "acceptable where further reduction is impractical",
    3: "undesirable: accepted only with the clinical safety officer's sign-off",
    4: "mandatory further control",
    5: "unacceptable",
}


def risk(severity: str, likelihood: str) -> int:
    return RISK[LIKELIHOOD.index(likelihood)][SEVERITY.index(severity)]


@dataclass(frozen=True)
class Control:
    text: str
    code: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()
    #: A control in the code whose test is still to be written, or a control
    #: still to be built: said plainly in the log, never hidden.
    pending: str = ""


@dataclass(frozen=True)
class Hazard:
    id: str
    title: str
    cause: str
    effect: str
    before: tuple[str, str]  # severity, likelihood before controls
    after: tuple[str, str]  # severity, likelihood with the controls
    controls: tuple[Control, ...]
    depends: tuple[str, ...]
    residual: str = ""

    @property
    def open_controls(self) -> tuple[Control, ...]:
        return tuple(c for c in self.controls if c.pending)

    @property
    def status(self) -> str:
        """Open while a control is still to be built or tested; otherwise
        controlled, and never "closed": closing a hazard is the clinical
        safety officer's act, and none has signed (clinical-risk-management-plan.md)."""
        if self.open_controls:
            return f"open: {len(self.open_controls)} control(s) pending; clinical sign-off pending"
        return "controlled (engineering review); clinical sign-off pending"


TRACE = "tests/test_rule_trace.py"
VALIDATION = "tests/test_clinical_validation.py"
RULES_TEST = "tests/test_triage_rules.py"
#: The word-level conversation suite (the English markets; Spanish in
#: tests/test_stories_es.py).
STORIES = "tests/test_conversations.py::test_a_person_hears_the_right_words"

HAZARDS: tuple[Hazard, ...] = (
    Hazard(
        "H01",
        "Under-triage of cord compression, cauda equina syndrome or neutropenic sepsis",
        "A rule missing or wrong in the engine; a rule that never fires because another shadows it; the interview "
        "stopping before the sign that would raise the level.",
        "A person with MSCC, cauda equina syndrome or sepsis is told to book an appointment or to look after "
        "it at home; hours of delay mean permanent paralysis, incontinence or death.",
        ("Catastrophic", "Medium"),
        ("Catastrophic", "Very low"),
        (
            Control(
                "Every rule is data with its guideline source and rationale, and fires in its own test and does "
                "not fire when any one of its conditions is missing.",
                ("skill/triage.py::RULES", "reports/safety_case.py::rule_cases"),
                (f"{TRACE}::test_rule_fires", f"{TRACE}::test_rule_does_not_fire",
                 f"{TRACE}::test_every_rule_has_a_source_and_a_rationale"),
            ),
            Control(
                "The engine is checked on every combination of tier-1 and tier-2 answers at fixed context profiles "
                "against an independent transcription of the spec.",
                ("skill/triage.py::assess",),
                ("tests/test_triage_exhaustive.py::test_every_tier_1_and_tier_2_combination_gets_the_spec_level",),
            ),
            Control(
                "Monotone by construction and by property test: a more worrying answer never lowers the level.",
                ("skill/triage.py::RULES",),
                ("tests/test_triage_properties.py::test_turning_an_answer_towards_worry_never_lowers_the_level",),
            ),
            Control(
                "The interview stops only when no remaining answer could change the level, and ends at once on an "
                "emergency answer.",
                ("skill/conversation.py::next_question",),
                ("tests/test_triage_properties.py::test_when_the_interview_stops_the_least_and_most_worrying_fills_agree",
                 "tests/test_triage_properties.py::test_an_emergency_answer_ends_the_interview_at_once"),
            ),
            Control(
                "The emergency advice is the script of the rule that fired (cord: the emergency number; new nerve "
                "signs: the cancer team's 24-hour line now, else the emergency number; sepsis: the 24-hour line, "
                "the emergency number first if very unwell); when several fire the cord script wins and adds "
                "what the others need.",
                ("skill/triage.py::Script", "skill/triage.py::SCRIPT_PRIORITY", "skill/speech.py::emergency_speech"),
                (f"{VALIDATION}::test_every_emergency_vignette_hears_the_script_for_its_cause",
                 "tests/test_stories.py::test_fever_on_chemotherapy_gets_the_sepsis_script",
                 "tests/test_stories.py::test_fever_on_palbociclib_is_heard_as_treatment_that_lowers_blood_counts",
                 "tests/test_stories.py::test_new_numbness_alone_after_cancer_gets_the_24_hour_line_script",
                 "tests/test_locales.py::test_the_cord_script_says_chemo_and_fever_when_sepsis_fired_too"),
            ),
            Control(
                "Clinical validation: the vignettes run through the Lambda handler in every locale with no "
                "under-triage.",
                ("docs/clinical-safety/vignettes.json", "lambda/lambda_function.py::lambda_handler"),
                (f"{VALIDATION}::test_no_vignette_is_under_triaged_in_any_locale",),
            ),
        ),
        ("rules", "vocabulary", "interview"),
        "Depends on the person's answers: a sign not noticed or not reported cannot be triaged (see H02, H04).",
    ),
    Hazard(
        "H02",
        "False reassurance from an 'unknown' or a misheard answer",
        "'Not sure' treated as 'no'; Alexa resolving an unclear utterance to the reassuring intent; a silence "
        "or an unexpected utterance taken as an answer.",
        "A warning sign the person could not confirm is dropped and the level is too low.",
        ("Major", "Medium"),
        ("Major", "Low"),
        (
            Control(
                "Unknown is never reassuring: a tier-1 unknown gives at least urgent, a tier-2 unknown at least soon, "
                "a tier-3 unknown counts as the worrying answer; all-unknown is not reassured.",
                ("skill/triage.py::RULES", "skill/triage.py::Worry"),
                ("tests/test_triage_rules.py::test_an_unknown_emergency_sign_is_at_least_urgent",
                 "tests/test_triage_rules.py::test_an_unknown_urgent_sign_is_at_least_soon",
                 "tests/test_triage_rules.py::test_a_tier_3_unknown_counts_as_the_worrying_answer",
                 "tests/test_triage_rules.py::test_all_unknown_is_urgent_not_reassuring"),
            ),
            Control(
                "'A little', 'sometimes', 'partly' count as the worrying answer, and are read back as said.",
                ("skill/conversation.py::Interview.answer_worrying",),
                ("tests/test_skill_conversation.py::test_partly_counts_as_the_worrying_answer",
                 "tests/test_stories.py::test_a_little_on_rest_is_read_back_as_rest_not_fully_easing_the_pain",
                 "tests/test_stories.py::test_not_sure_about_fever_on_chemotherapy_is_urgent_and_says_take_your_temperature"),
            ),
            Control(
                "Anything not understood re-asks the question with the accepted answers; it is never recorded.",
                ("skill/alexa/handlers.py::FallbackIntentHandler",),
                ("tests/test_skill_conversation.py::test_fallback_reasks_and_names_the_accepted_answers",
                 "tests/test_web_bad_input.py::test_an_intent_the_model_does_not_have_is_met_with_the_fallback"),
            ),
            Control(
                "Every sample utterance resolves to its own intent through the real interaction models "
                "(virtual-alexa), and no sample belongs to two intents.",
                ("interaction_models/en-US.json",),
                ("tests/e2e/test_virtual_alexa.py::test_every_sample_utterance_resolves_to_its_own_intent",
                 "tests/test_locales.py::test_samples_are_valid_and_never_shared_between_intents"),
            ),
            Control(
                "'Go back' undoes the last answer and asks it again, also after an emergency result.",
                ("skill/conversation.py::Interview.go_back",),
                ("tests/test_skill_conversation.py::test_go_back_undoes_the_last_answer_and_reasks_it",),
            ),
        ),
        ("rules", "interview", "questions"),
        "Speech recognition errors are outside our control; the card lists what set the level so a person can "
        "spot a wrong answer.",
    ),
    Hazard(
        "H03",
        "A grouped question answered for only part of its list",
        "The person hears 'either of these: A or B' and answers about B only; a shortened reprompt leaves an "
        "item out and a 'no' clears it.",
        "A sign in the group is recorded as 'no' without having been considered.",
        ("Major", "Medium"),
        ("Major", "Low"),
        (
            Control(
                "Only the pairs the spec allows are grouped; 'yes', 'a little', 'not sure' or 'what?' asks the "
                "members one at a time; the result names tier-1 items answered 'no' in a pair again as warning "
                "signs; the grouped interview reaches the same level as the full rules.",
                ("skill/triage.py::PAIRS", "skill/conversation.py::Interview.split",
                 "skill/conversation.py::group_answer"),
                ("tests/test_triage_properties.py::test_when_the_interview_stops_the_least_and_most_worrying_fills_agree",
                 "tests/test_triage_exhaustive.py::test_the_interview_with_pairs_reaches_the_spec_level_on_every_path",
                 "tests/test_triage_properties.py::test_a_pair_answered_no_never_clears_a_member_that_was_present"),
            ),
            Control(
                "'What?' or 'repeat' on a pair asks its items one at a time; silence restates every item; two "
                "misunderstandings of a pair read it one item at a time with a way out.",
                ("skill/conversation.py::Interview.split",),
                ("tests/test_skill_conversation.py::test_repeat_or_what_on_a_pair_asks_its_items_one_at_a_time",
                 "tests/test_accessibility.py::test_silence_gets_a_restatement_that_names_every_item_of_a_pair",
                 "tests/test_accessibility.py::test_two_misunderstandings_of_a_pair_ask_one_item_at_a_time_with_a_way_out"),
            ),
            Control(
                "The vignettes answer each group as the person would answer its members, in every locale.",
                ("docs/clinical-safety/vignettes.json",),
                (f"{VALIDATION}::test_no_vignette_is_under_triaged_in_any_locale",),
            ),
        ),
        ("interview", "questions"),
    ),
    Hazard(
        "H04",
        "A compound wording draws the wrong answer",
        "A question with 'or' that an old, unchanged symptom answers 'yes' (stable chemo numbness heard as "
        "'do you have chemo numbness'), or whose second half hides a 'no'.",
        "A false emergency call (alarm, lost trust) or, worse, a sign denied because the question was heard as "
        "another.",
        ("Major", "Medium"),
        ("Major", "Low"),
        (
            Control(
                "Every sign question says 'new' or 'worse'; questions are short, reprompts simpler, and each is "
                "checked in every locale.",
                ("skill/locales/en.json",),
                ("tests/test_locales.py::test_questions_are_short_and_reprompts_simpler",
                 "tests/test_locales.py::test_every_reprompt_ends_with_the_yes_no_prompt",
                 "tests/test_speech_budget.py::test_every_question_and_reprompt_in_every_form_lasts_at_most_ten_seconds"),
            ),
            Control(
                "The numbness question makes 'new' or 'spreading or worse' the point, so stable old chemotherapy "
                "numbness does not draw a 'yes' (and a false emergency call).",
                ("skill/locales/en.json",),
                ("tests/test_stories.py::test_stable_old_chemo_numbness_is_not_sent_to_911",),
            ),
            Control(
                "'Why do you ask' and 'help' explain the question in plain words before it is asked again.",
                ("skill/alexa/handlers.py::WhyIntentHandler", "skill/alexa/handlers.py::HelpIntentHandler"),
                ("tests/test_skill_conversation.py::test_why_says_why_the_question_matters_then_asks_it_again",
                 "tests/test_skill_conversation.py::test_help_explains_the_current_question_and_how_to_answer"),
            ),
        ),
        ("questions",),
        "Wordings are reviewed by a clinician at each change (the question fingerprint fails CI until then).",
    ),
    Hazard(
        "H05",
        "The wrong emergency number or fallback for the listener's country",
        "A locale's words copied from another market; a regional locale we do not have spoken in the wrong "
        "market's words (es-MX hearing Spain's 112).",
        "The person dials a number that does not work where they are, or an urgent-care service that cannot "
        "scan the spine.",
        ("Catastrophic", "Low"),
        ("Catastrophic", "Very low"),
        (
            Control(
                "Each locale's emergency number and urgent fallback are tested against the spec's table; no locale "
                "names another market's number; the number is said first, digit by digit, twice.",
                ("skill/locales/__init__.py::resolve_locale",),
                ("tests/test_locales.py::test_emergency_number_of_the_locale",
                 "tests/test_locales.py::test_no_other_markets_emergency_number",
                 "tests/test_locales.py::test_urgent_fallback_of_the_locale",
                 "tests/test_locales.py::test_emergency_speech_says_the_number_twice_first",
                 "tests/test_locales.py::test_a_missing_regional_locale_keeps_its_emergency_number"),
            ),
        ),
        ("emergency", "advice"),
        "Alexa has no Irish locale: en-GB's 999 also works in Ireland. Deployers check local pathways "
        "(intended-use.md).",
    ),
    Hazard(
        "H06",
        "A person answering for someone else",
        "A carer answers with her own history, or the advice tells the carer to act on her own body; the "
        "other person's answers end up in the user's history.",
        "Wrong level for the person in pain; confusion about who must call; a health record mixed up.",
        ("Major", "Medium"),
        ("Considerable", "Low"),
        (
            Control(
                "'It's for my mother' turns every question and the advice to her, with the pronoun of the "
                "relation; the emergency advice keeps the number first and twice.",
                ("skill/alexa/handlers.py::ForSomeoneElseIntentHandler",),
                ("tests/test_someone_else.py::test_after_asking_for_my_mother_the_questions_are_about_her",
                 "tests/test_someone_else.py::test_the_advice_tells_the_helper_what_to_do",
                 "tests/test_someone_else.py::test_the_emergency_advice_for_someone_else_keeps_the_number_first_and_twice"),
            ),
            Control(
                "Someone else's answers and results never enter the user's own history or resumable check.",
                ("skill/memory.py::Memory",),
                ("tests/test_skill_memory.py::test_someone_elses_result_stays_out_of_the_users_own_history",),
            ),
        ),
        ("questions", "advice"),
    ),
    Hazard(
        "H07",
        "Emergency advice interrupted ('stop') or not heard",
        "The person says 'stop' mid-check or over the advice; the speaker is far away; the advice is one long "
        "sentence that ends before the number is taken in.",
        "The person does not call, or calls the wrong number.",
        ("Catastrophic", "Medium"),
        ("Catastrophic", "Very low"),
        (
            Control(
                "The emergency advice says the action and the number first, twice, then 'Shall I repeat that?' "
                "with the session open; 'no' ends with the number, not a goodbye.",
                ("skill/alexa/handlers.py::StopIntentHandler",),
                ("tests/test_skill_conversation.py::test_the_emergency_advice_says_the_number_first_digit_by_digit_twice",
                 "tests/test_skill_conversation.py::test_yes_after_the_emergency_advice_repeats_it_and_no_ends",
                 "tests/test_skill_conversation.py::test_no_after_the_emergency_advice_ends_with_the_number_not_a_goodbye"),
            ),
            Control(
                "'It's an emergency', 'I can't move my legs' at any point gives the cord script at once.",
                ("skill/alexa/handlers.py::EmergencyIntentHandler",),
                ("tests/test_safety_controls.py::test_its_an_emergency_mid_check_gives_the_cord_script_at_once",
                 "tests/test_stories.py::test_its_an_emergency_mid_check_gives_the_911_advice_at_once"),
            ),
            Control(
                "Stopping during a check names the signs that mean calling the emergency number.",
                ("skill/alexa/handlers.py::StopIntentHandler",),
                ("tests/test_skill_conversation.py::test_stopping_during_a_check_names_the_signs_that_mean_calling_911",),
            ),
            Control(
                "The emergency advice is short enough to follow (spoken length measured with espeak-ng at 150 "
                "words a minute).",
                ("reports/speech_budget.py",),
                ("tests/test_speech_budget.py::test_the_general_and_cord_scripts_last_at_most_twenty_seconds_with_the_number_twice",
                 "tests/test_speech_budget.py::test_the_nerve_and_sepsis_scripts_last_at_most_twenty_five_seconds",
                 "tests/test_locales.py::test_emergency_paragraph_stays_short"),
            ),
        ),
        ("emergency",),
    ),
    Hazard(
        "H08",
        "Speech too fast or too long to follow",
        "Long questions and results at Alexa's default rate for an older person in pain.",
        "A question misunderstood (see H04), advice not remembered.",
        ("Considerable", "High"),
        ("Considerable", "Low"),
        (
            Control(
                "'Speak slower' (85%, then 70%) applies to everything from then on and is remembered.",
                ("skill/alexa/handlers.py::SpeechRateIntentHandler",),
                ("tests/test_accessibility.py::test_slower_applies_ssml_prosody_to_everything_from_then_on",
                 "tests/test_accessibility.py::test_the_speech_rate_is_remembered_next_time"),
            ),
            Control(
                "Speech budgets measured with espeak-ng: questions, reprompts, results and emergency scripts.",
                ("reports/speech_budget.py",),
                ("tests/test_speech_budget.py::test_every_question_and_reprompt_in_every_form_lasts_at_most_ten_seconds",
                 "tests/test_speech_budget.py::test_every_recommendation_lasts_at_most_forty_two_seconds"),
            ),
            Control(
                "Silence gets a restatement (a pair's names every item); the question always comes last in a turn.",
                (),
                ("tests/test_accessibility.py::test_silence_on_a_single_question_gets_a_shorter_restatement",
                 "tests/test_accessibility.py::test_silence_gets_a_restatement_that_names_every_item_of_a_pair",
                 "tests/test_accessibility.py::test_the_question_comes_last_in_every_turn"),
            ),
        ),
        ("questions", "emergency", "advice"),
    ),
    Hazard(
        "H09",
        "A store outage or a lost session mid-check",
        "SQLite locked or read-only, DynamoDB down or slow; Alexa ending the session on silence.",
        "The check fails with an error, or the person gives up before the result.",
        ("Considerable", "Medium"),
        ("Considerable", "Very low"),
        (
            Control(
                "The check goes on from the session attributes whatever the store does; a store that never "
                "answers costs a turn a few seconds at most.",
                ("skill/store.py::adapter_for",),
                ("tests/test_store_faults.py::test_a_locked_sqlite_file_does_not_stop_the_check",
                 "tests/test_store_faults.py::test_dynamodb_going_down_mid_conversation_does_not_stop_the_check",
                 "tests/test_store_faults.py::test_a_store_that_never_answers_slows_no_turn_past_alexas_patience"),
            ),
            Control(
                "Any handler failure is a spoken apology that keeps the session, never a crash.",
                ("skill/alexa/handlers.py::ApologiseExceptionHandler",),
                ("tests/test_web_fuzz.py::test_no_generated_envelope_gets_a_server_error_and_every_answer_is_valid_alexa",),
            ),
            Control(
                "With answers kept, an interrupted check is offered back at the next launch.",
                ("skill/memory.py::Memory",),
                ("tests/test_skill_memory.py::test_an_interrupted_check_is_offered_back_at_the_next_launch",),
            ),
        ),
        (),
    ),
    Hazard(
        "H10",
        "Stale advice after a rule change",
        "A rule, a question's wording or an emergency script changes and the safety case, the validation or the "
        "clinical review does not follow.",
        "The evidence a clinical safety officer signed no longer describes the product.",
        ("Major", "Medium"),
        ("Major", "Very low"),
        (
            Control(
                "The trace table, validation report, hazard log and fingerprint are regenerated in CI and compared "
                "with the committed ones; each hazard records the fingerprint it was reviewed against, and a change "
                "fails CI naming the hazards to re-review.",
                ("reports/safety_case.py::fingerprint", "docs/clinical-safety/reviews.json"),
                ("tests/test_safety_case.py::test_the_generated_documents_are_up_to_date",
                 "tests/test_safety_case.py::test_every_hazard_was_reviewed_against_the_current_clinical_content",
                 f"{VALIDATION}::test_the_validation_report_is_up_to_date"),
            ),
        ),
        ("rules", "vocabulary", "interview", "questions", "emergency", "advice"),
    ),
    Hazard(
        "H11",
        "Health data exposure (logs, store, cards)",
        "Answers written to logs or to the store of a public skill; a card listing every answer on a household "
        "device; ids stored in clear.",
        "Disclosure of a person's cancer history and symptoms to the household or to operators; breach of "
        "Alexa policy and data protection law.",
        ("Considerable", "Medium"),
        ("Considerable", "Very low"),
        (
            Control(
                "By default answers live only in the session; the store keeps non-health preferences, keyed by a "
                "hash.",
                ("skill/memory.py::Memory", "skill/store.py::owner_key"),
                ("tests/test_skill_memory.py::test_with_retention_off_no_answer_level_or_reason_reaches_the_store",
                 "tests/test_store_contract.py::test_the_store_keys_records_by_a_hash_never_by_alexa_ids"),
            ),
            Control(
                "Logs carry request types, intent names and a short hash; never answers, levels or ids.",
                ("skill/alexa/interceptors.py::TurnLogInterceptor",),
                ("tests/test_log_redaction.py::test_whole_checks_leave_no_ids_answers_levels_or_questions_in_the_logs",
                 "tests/test_log_redaction.py::test_a_handler_failure_mid_check_logs_no_ids_or_answers"),
            ),
            Control(
                "The card shows only what set the level unless answers may be kept; 'forget my data' and "
                "SkillDisabled delete everything.",
                ("skill/speech.py::card_text", "skill/alexa/records.py::ForgetMeIntentHandler"),
                ("tests/test_skill_memory.py::test_with_retention_off_the_card_shows_only_what_set_the_level",
                 "tests/test_skill_memory.py::test_forget_me_asks_first_then_deletes_everything",
                 "tests/test_skill_memory.py::test_disabling_the_skill_deletes_the_whole_household"),
            ),
        ),
        (),
    ),
    Hazard(
        "H12",
        "A forged request",
        "Someone other than Alexa calls the web service or the Lambda with crafted answers or session "
        "attributes.",
        "Wrong advice read back, stored records altered or read, service disrupted.",
        ("Considerable", "Low"),
        ("Considerable", "Very low"),
        (
            Control(
                "Signature and timestamp verification on by default; the application id must be ours; Lambda "
                "invocable only by Alexa with the skill id.",
                ("skill/web.py::GuardedSkillHandler", "infrastructure/template.yaml"),
                ("tests/test_web_verification.py::test_by_default_an_unsigned_request_is_refused",
                 "tests/test_web_verification.py::test_a_body_changed_after_signing_is_refused",
                 "tests/test_entry_points.py::test_the_lambda_handler_rejects_a_request_for_another_skill",
                 "tests/test_deploy_infrastructure.py::test_only_this_skill_can_invoke_the_function"),
            ),
            Control(
                "Session attributes from the wire are checked, not trusted: unknown ids and values are dropped "
                "and the next question recomputed.",
                ("skill/conversation.py::Interview.from_attributes",),
                ("tests/test_conversation.py::test_tampered_session_attributes_are_replayed_against_the_rules_not_trusted",
                 "tests/test_web_fuzz.py::test_no_forged_request_gets_past_the_verifier_and_none_gets_a_server_error"),
            ),
        ),
        (),
    ),
    Hazard(
        "H13",
        "Alarm fatigue from over-triage",
        "Urgent advice at every check for people whose situation has not changed (known bone metastases with "
        "the same pain), or emergency advice for stable old symptoms.",
        "People learn to ignore the skill's advice, including the one time it matters.",
        ("Considerable", "Medium"),
        ("Considerable", "Low"),
        (
            Control(
                "Known bone metastases with unchanged pain give soon, not urgent; sign questions ask for new or "
                "worse symptoms only; over-triage is counted and explained in the validation report.",
                ("skill/triage.py::RULES", "docs/clinical-safety/vignettes.json"),
                (f"{VALIDATION}::test_every_disagreement_is_explained",),
            ),
        ),
        ("rules", "questions"),
    ),
    Hazard(
        "H14",
        "Use outside the intended use",
        "Guidance taken as a diagnosis; use for a child; a person too unwell to answer keeps answering instead "
        "of calling for help.",
        "Delay in care; misplaced reassurance.",
        ("Major", "Low"),
        ("Major", "Very low"),
        (
            Control(
                "The skill says once per user that it gives guidance, not a diagnosis, and is not a doctor, "
                "however the first session begins; every card says it is not a substitute for a doctor or nurse; "
                "the store texts disclaim and give the emergency number.",
                ("skill/speech.py::launch_preface", "skill-package.config.json"),
                ("tests/test_skill_conversation.py::test_the_disclaimer_is_said_once_per_user",
                 "tests/test_deploy_skill_package.py::test_the_store_texts_disclaim_give_the_emergency_number_and_claim_nothing"),
            ),
            Control(
                "The intended use is written down for deployers (not for children, not a substitute for the "
                "cancer team's line).",
                ("docs/clinical-safety/intended-use.md",),
                (),
            ),
        ),
        ("advice",),
    ),
    Hazard(
        "H15",
        "An answer implied from another that the person would not have given",
        "The interview fills in answers it does not ask (skill/triage.py IMPLIED). An implication that "
        "does not always hold (after 'never had cancer', 'no aromatase inhibitor': anastrozole is also taken "
        "to prevent breast cancer, NICE CG164) would leave a woman on it who fell at soon where the rule "
        "urgent.fall_aromatase_inhibitor says urgent.",
        "A possible osteoporotic fracture is seen within one or two weeks instead of today.",
        ("Considerable", "Low"),
        ("Considerable", "Very low"),
        (
            Control(
                "Implied answers only settle what the other answer truly settles: 'never had cancer' no longer "
                "implies 'no aromatase inhibitor', so it is asked when a fall makes it matter (vignette V68).",
                ("skill/triage.py::IMPLIED",),
                (
                    "tests/test_conversation.py::"
                    "test_never_having_had_cancer_does_not_settle_an_aromatase_inhibitor_taken_to_prevent_it",
                    f"{VALIDATION}::test_no_vignette_is_under_triaged_in_any_locale",
                ),
            ),
        ),
        ("rules", "interview"),
        "Finding of the issue 14 review, fixed in skill/triage.py IMPLIED.",
    ),
    Hazard(
        "H16",
        "A non-spinal emergency missed: chest pain, breathlessness or fainting (a clot on tamoxifen)",
        "The check asks only about the spine: 'I have chest pain' or 'I can't breathe' mid-check is met with "
        "'please answer yes or no'; a person on tamoxifen (a risk of venous thromboembolism) with sudden pain "
        "between the shoulder blades and breathlessness is graded as upper-spine pain (urgent).",
        "A pulmonary embolism, a heart attack or an aortic problem is sent to the cancer team 'today' instead of "
        "the emergency number: death or lasting harm.",
        ("Catastrophic", "Medium"),
        ("Catastrophic", "Low"),
        (
            Control(
                "`chest_or_breathing` is the first question for anyone, and a yes is an emergency with its own "
                "general script, which wins over every other script.",
                ("skill/triage.py::GENERAL_SIGNS", "skill/triage.py::SCRIPT_PRIORITY", "skill/triage.py::RULES"),
                (f"{RULES_TEST}::test_chest_pain_or_breathlessness_gets_the_general_script_and_it_wins_over_every_other",
                 f"{RULES_TEST}::test_on_tamoxifen_sudden_pain_between_the_shoulder_blades_and_breathless_is_an_emergency",
                 f"{TRACE}::test_rule_fires"),
            ),
            Control(
                "Not sure about chest pain or breathing is urgent, with 'if you have it now, call the emergency "
                "number' first.",
                ("skill/triage.py::RULES",),
                (f"{RULES_TEST}::test_an_unknown_emergency_sign_is_at_least_urgent",),
            ),
            Control(
                "The vignettes of the tamoxifen clot and the fainting survivor reach the general script in every "
                "locale.",
                ("docs/clinical-safety/vignettes.json",),
                (f"{VALIDATION}::test_every_emergency_vignette_hears_the_script_for_its_cause",),
            ),
            Control(
                "The question's words in every locale (new chest pain, not the old scar ache; struggling to "
                "breathe; fainting) and the emergency intent understanding chest pain, 'I can't breathe' and 'I "
                "fainted' at any point.",
                ("skill/locales/en.json", "skill/alexa/handlers.py::EmergencyIntentHandler"),
                (STORIES,
                 "tests/test_stories_es.py::"
                 "test_chest_pain_or_breathlessness_mid_check_gets_the_general_script_and_can_be_undone"),
            ),
        ),
        ("rules", "vocabulary", "interview", "questions", "emergency"),
        "Until the words land, the engine and the interview ask the question but no locale words it. The skill "
        "is not a chest-pain service: the general script only sends to the emergency number.",
    ),
    Hazard(
        "H17",
        "A reprompt that narrows its question",
        "A question not understood is asked again in a shorter form that leaves part of its meaning out (the "
        "upper-back reprompt without the neck and middle back; the walking reprompt without 'unsteady'); a "
        "'no' to the shorter form clears what it left out.",
        "A sign the person has is recorded as 'no' after they were misunderstood once: under-triage exactly "
        "where understanding was already poor.",
        ("Major", "Medium"),
        ("Major", "Low"),
        (
            Control(
                "A pair's restatement and its simpler form name every item; two misunderstandings of a pair ask "
                "one item at a time.",
                ("skill/conversation.py::Interview.split",),
                ("tests/test_accessibility.py::test_silence_gets_a_restatement_that_names_every_item_of_a_pair",
                 "tests/test_accessibility.py::test_two_misunderstandings_of_a_pair_ask_one_item_at_a_time_with_a_way_out"),
            ),
            Control(
                "Every single question's reprompt and simpler re-ask name every part of the meaning in the spec's "
                "table.",
                ("skill/locales/en.json",),
                ("tests/test_accessibility.py::test_two_misunderstandings_of_a_single_question_get_simpler_words_and_a_way_out",
                 STORIES),
                pending="a test that checks every reprompt and simpler form, in every locale, against a list of the "
                        "parts of each question's meaning (the stories try a few questions)",
            ),
        ),
        ("questions",),
    ),
    Hazard(
        "H18",
        "The fever threshold of the wrong country",
        "The fever question uses one threshold everywhere: en-GB asked about 38 °C while UK acute oncology "
        "lines say 37.5 °C, below 36 °C, or feeling unwell; someone on treatment at 37.8 °C, or cold and "
        "shivery at 35.8 °C, answers 'no'.",
        "Neutropenic sepsis graded as routine or soon: hours of delay in a condition that kills within hours.",
        ("Catastrophic", "Medium"),
        ("Catastrophic", "Low"),
        (
            Control(
                "Fever on current treatment (or unsure treatment) is the sepsis emergency; not sure about a fever "
                "on treatment is urgent and says 'take your temperature now'.",
                ("skill/triage.py::RULES",),
                (f"{RULES_TEST}::test_fever_during_chemotherapy_is_an_emergency",
                 f"{RULES_TEST}::test_not_sure_about_fever_on_chemotherapy_is_urgent_and_says_take_your_temperature"),
            ),
            Control(
                "`chemo_now` is asked before the fever question, so that someone on treatment hears the oncology "
                "form (the market's threshold, below 36 °C, shivering, suddenly unwell).",
                ("skill/conversation.py::TREATMENT_FORM", "skill/locales/en-GB.json"),
                (STORIES,),
                pending="each other Alexa market's threshold from a checked public source (the English and Spanish "
                        "stories hear the treatment form: tests/test_stories_es.py's Kisqali and tiritona stories)",
            ),
        ),
        ("rules", "interview", "questions", "advice"),
        "The other Alexa markets need their threshold from a public source checked for that market (spec v4).",
    ),
    Hazard(
        "H19",
        "No 24-hour line to call",
        "The nerve and sepsis scripts send first to the cancer team's 24-hour line: the person was never given "
        "one, cannot find it, gets no answer, never had cancer, or is not sure they did.",
        "Minutes to hours lost looking for a number while cord compression or sepsis progresses.",
        ("Catastrophic", "Medium"),
        ("Catastrophic", "Low"),
        (
            Control(
                "The nerve script says: no 24-hour number or no answer straight away, call the emergency number "
                "or go to the emergency department; the urgent advice names the locale's fallback.",
                ("skill/speech.py::emergency_speech",),
                ("tests/test_stories.py::test_new_numbness_alone_after_cancer_gets_the_24_hour_line_script",
                 "tests/test_locales.py::test_every_result_says_the_fallback_number_and_safety_net_and_the_card_carries_them"),
            ),
            Control(
                "The sepsis script says where the number is (the chemotherapy alert card, the treatment papers) "
                "and what to do without one; someone unsure of a cancer history is sent to the emergency "
                "department, not a cancer team.",
                ("skill/locales/en.json",),
                (STORIES,),
                pending="a story that hears the alert card and the no-number fallback in each script and locale "
                        "(the stories hear the sepsis and unsure-history scripts, not every sentence of them)",
            ),
        ),
        ("emergency", "advice"),
    ),
    Hazard(
        "H20",
        "Stopping mid-check throws away what is already certain",
        "'Stop' after a worrying answer (a fever on chemotherapy not yet confirmed, 'not sure' about weak legs) "
        "ends with a generic goodbye.",
        "The person leaves without the advice their answers already required (within hours, or today).",
        ("Major", "Medium"),
        ("Major", "Low"),
        (
            Control(
                "Stopping during a check always names the signs that mean calling the emergency number.",
                ("skill/alexa/handlers.py::StopIntentHandler",),
                ("tests/test_skill_conversation.py::test_stopping_during_a_check_names_the_signs_that_mean_calling_911",),
            ),
            Control(
                "The interview knows the level the answers so far make certain (every unasked question at its "
                "least worrying); stop speaks that level's advice when it is above routine.",
                ("skill/conversation.py::Interview.certain", "skill/alexa/handlers.py::StopIntentHandler"),
                (STORIES,),
                pending="a Spanish story that says 'stop' after 'not sure' to weakness and hears the within-hours "
                        "advice (en-CA's quilter story does it in English)",
            ),
        ),
        ("interview", "advice"),
    ),
    Hazard(
        "H21",
        "Load on emergency services from over-triage",
        "Wordings that draw 'yes' from common harmless states: walking slowly only because it hurts, "
        "constipation on codeine, the heaviness of lymphoedema, numbness of the hands alone (carpal tunnel on an "
        "aromatase inhibitor); each was a cord or nerve sign in v3.",
        "Ambulance and emergency-department time taken from others; the person learns to ignore the skill "
        "(see H13); and the emergency script told to someone who does not need it erodes trust in the one that "
        "does.",
        ("Considerable", "High"),
        ("Considerable", "Low"),
        (
            Control(
                "Spec v4's meanings exclude them (not only because it hurts; constipation alone; not heaviness "
                "from swelling; hands alone), and the vignettes of those people are held below emergency in every "
                "locale.",
                ("docs/clinical-safety/vignettes.json",),
                (f"{VALIDATION}::test_no_one_the_spec_keeps_from_the_emergency_number_is_sent_there",
                 f"{RULES_TEST}::test_no_history_lifting_strain_walking_slowly_only_because_it_hurts_is_never_an_emergency"),
            ),
            Control(
                "The words say so in every locale, and 'I can't walk' asks once whether it is the legs or only "
                "the pain.",
                ("skill/locales/en.json", "skill/alexa/handlers.py::EmergencyIntentHandler"),
                (STORIES,),
                pending="the known defect of the word-level suite ('only the pain', the spec's own words for the "
                        "walking check, is not understood in English); and stories of a woman with lymphoedema and "
                        "one with carpal tunnel told no emergency number (the vignettes V81, V82 hold the meaning)",
            ),
        ),
        ("rules", "questions", "emergency"),
        "The vignettes answer with the meaning; whether real people answer v4's words that way is what the "
        "word-level suite and a usability study must show.",
    ),
    Hazard(
        "H22",
        "A cancer medicine not understood",
        "'I'm on Kisqali', a new drug, a trial drug or a brand of another market is not understood; the person "
        "then says 'no' to a question that listed examples that left her drug out.",
        "Current treatment recorded as none: a fever on a drug that lowers blood counts gets urgent instead of "
        "the sepsis script.",
        ("Catastrophic", "Medium"),
        ("Catastrophic", "Low"),
        (
            Control(
                "Not sure about current treatment counts as on treatment: a fever with it is the sepsis script.",
                ("skill/triage.py::RULES",),
                (f"{RULES_TEST}::test_fever_during_chemotherapy_is_an_emergency",
                 f"{RULES_TEST}::test_survivor_on_ribociclib_shivery_and_unwell_without_a_thermometer_is_sepsis"),
            ),
            Control(
                "`chemo_now` asked by kind, never by a list of examples; the medicine slot understands brand and "
                "generic names; a drug it does not know is 'not sure', never 'no'; a hormone or bone drug named "
                "alone gets one 'anything else?'.",
                ("skill/conversation.py::MORE",),
                (STORIES,),
                pending="a word-level story naming a drug the medicine slot does not know (a trial drug) and "
                        "hearing the sepsis script with a fever; the Spanish medicine names",
            ),
        ),
        ("rules", "interview", "questions"),
    ),
    Hazard(
        "H23",
        "A guideline sign graded below its source on purpose (unchanged upper-spine pain)",
        "CG75's 24-hour list names thoracic or cervical spinal pain in anyone with cancer; spec v4 sends "
        "unchanged, long-standing upper-spine pain to soon, so that posture pain after surgery is not sent to "
        "the cancer team at every check.",
        "A slowly growing thoracic metastasis whose pain the person calls unchanged is seen in one or two weeks, "
        "not within 24 hours.",
        ("Major", "Low"),
        ("Major", "Low"),
        (
            Control(
                "Only unchanged pain is graded soon: new or changed upper-spine pain is urgent whatever set it off, "
                "and progressive, night, straining, tenderness and severe pain stay urgent; 'not sure' whether it "
                "changed counts as changed.",
                ("skill/triage.py::RULES",),
                (f"{RULES_TEST}::test_unchanged_long_standing_upper_back_pain_in_a_survivor_is_soon",
                 f"{RULES_TEST}::test_new_upper_back_pain_in_a_survivor_is_urgent_whatever_set_it_off",
                 f"{TRACE}::test_rule_fires"),
            ),
            Control(
                "The rule's source says it is narrower than the guideline (`OWN_NARROWER`), so the choice is "
                "visible to the clinical safety officer who must accept it.",
                ("skill/triage.py::OWN_NARROWER", "docs/clinical-safety/rule-sources-review.md"),
                ("tests/test_safety_case.py::test_every_rule_whose_source_is_not_a_guideline_quote_says_it_is_the_projects_own",),
            ),
        ),
        ("rules", "questions"),
        "Risk 3: accepted only with the clinical safety officer's sign-off, which is pending.",
    ),
    Hazard(
        "H24",
        "A deploy changes the interview under a live session",
        "A session saved by the previous interview (v3 ids and meanings, or a question it was asking) is "
        "resumed by the new code: an answer given to the old question is filed under a question whose meaning "
        "changed, or under the new interview's next question.",
        "Answers misfiled: a 'no' to the old walking question kept for the narrower v4 one (harmless), or a "
        "'yes' given to one question recorded for another (wrong level either way).",
        ("Major", "Low"),
        ("Major", "Very low"),
        (
            Control(
                "The session carries the interview version and, per answer, the version of its question's "
                "meaning; an answer is kept only if its question still means the same, and the question the "
                "person heard is compared with the one the rebuilt interview would ask (a mismatch is asked "
                "again, never answered).",
                ("skill/conversation.py::INTERVIEW_VERSION", "skill/conversation.py::MEANING",
                 "skill/conversation.py::Interview.from_attributes"),
                ("tests/test_conversation.py::test_tampered_session_attributes_are_replayed_against_the_rules_not_trusted",
                 "tests/test_conversation.py::test_the_state_survives_a_round_trip_through_session_attributes",
                 "tests/test_triage_properties.py::test_a_v3_session_keeps_only_the_answers_whose_meaning_is_unchanged",
                 "tests/test_triage_properties.py::test_a_v3_session_files_no_answer_against_a_question_the_person_did_not_hear"),
            ),
        ),
        ("interview", "vocabulary"),
    ),
)

#: Hazards considered and left out of the check's scope, with the reason.
#: Each is a real risk for some listeners; leaving it out is a decision for
#: the clinical safety officer to confirm, not a finding that it is safe.
CONSIDERED_AND_LEFT_OUT: tuple[tuple[str, str], ...] = (
    ("Spinal epidural haematoma on anticoagulants",
     "Back pain with new leg weakness or numbness on an anticoagulant (or after a spinal injection) can be a "
     "bleed compressing the cord. Not asked about: its presenting signs are the cord signs the check already "
     "sends to the emergency number for anyone, so a question about anticoagulants could not raise the level "
     "further; asking it would lengthen every check. Residual: a bleed presenting with pain alone is not "
     "distinguished from other pain."),
    ("Hypercalcaemia of malignancy",
     "Bone metastases can raise calcium (thirst, confusion, constipation, drowsiness). Not asked: the symptoms "
     "are non-specific, back pain is not how it presents, and a question about thirst or constipation would "
     "draw 'yes' from most people on opioids (H21). Confusion and drowsiness are in the sepsis script's "
     "'call the emergency number first'; the urgent advice sends anyone with bone metastases and new pain to "
     "the cancer team, who check calcium."),
    ("Steroid-induced and osteoporotic fracture",
     "Long-term steroids, osteoporosis, age over 70 and aromatase inhibitors raise the risk of a vertebral "
     "fracture after minimal trauma. Only the aromatase inhibitor is asked (it is the survivor's commonest "
     "bone risk, and spec v4 grades a fall on it urgent). Steroid and osteoporosis questions were left out to "
     "keep the check short: a fall or knock is at least soon for anyone, and sudden severe pain is caught by "
     "the severe-pain question. Residual: an osteoporotic fracture without a fall in someone who never had "
     "cancer can end at soon (vignette V29 shows the fall case)."),
    ("Pregnancy and the months after birth",
     "Back pain in pregnancy has its own emergencies (labour, pre-eclampsia, pregnancy-related cauda equina). "
     "Out of the intended use (intended-use.md): the users are survivors of breast cancer, mostly past "
     "childbearing or on treatment incompatible with pregnancy; the cord and cauda equina signs still send "
     "anyone to the emergency number."),
    ("Children and adolescents",
     "Back pain in a child is a red flag in itself and none of the rules is written for children. Out of the "
     "intended use; the skill package is not child-directed. Residual: an adult answering for a child is not "
     "stopped."),
    ("Abdominal aortic aneurysm and kidney causes",
     "Back pain can come from a leaking aneurysm (sudden severe pain, collapse) or a kidney infection (fever, "
     "loin pain). Not asked separately: collapse is in `chest_or_breathing` (fainting), fever is urgent for "
     "anyone, and sudden severe pain is urgent with a history and soon without; a separate question would "
     "lengthen every check for a rare cause in this population."),
    ("Intravenous drug use and immunosuppression outside cancer treatment",
     "ACR red flags for spinal infection. Not asked: outside the intended use's population; fever is urgent "
     "for anyone."),
)
