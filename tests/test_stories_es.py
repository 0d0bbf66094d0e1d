"""Spanish stories (issue 18): people who answer in their own Spanish, each
phrase resolved through the locale's interaction model (tests/corpus's
Matcher, virtual-alexa's rules) and sent as a real request envelope through
the Lambda entry and the Flask endpoint. Each asserts the level, the script
and words that must never be said to that person. Eight or more per market.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from skill.envelopes import Device
from skill.triage import QUESTIONS
from tests import corpus as corpora
from tests.conftest import Talk

ALL_CLEAR = {q.id: q.reassuring.value for q in QUESTIONS}
SURVIVOR = ALL_CLEAR | {"cancer_history": "yes", "pain_new_or_changed": "yes"}
#: English a Spanish speaker must never hear (a fallback to the reference words).
ENGLISH = re.compile(r"\b(Sorry|please|Yes or no|Okay|Call|your|doctor's|Welcome|the)\b")


class Persona:
    """A person with a smart speaker in ``locale``, who answers in words."""

    def __init__(self, transport, locale: str, words: dict[str, str]):
        self.talk = Talk(transport, Device(locale=locale))
        self.matcher = corpora.Matcher(corpora.model(locale))
        self.locale = locale
        self.words = words  # answer value -> how this person says it
        self.heard: list[str] = []

    def open(self) -> Persona:
        self.talk.open()
        self.heard.append(self.talk.speech)
        return self

    def says(self, phrase: str) -> Persona:
        intent, slots = self.matcher.understand(phrase)
        self.talk.say(intent or "AMAZON.FallbackIntent", envelope_slots(slots, phrase) if slots else None)
        self.heard.append(self.talk.speech)
        return self

    def answers(self, truth: dict[str, str], until: str | None = None) -> Persona:
        """Answer every question (one, or a pair) in words, as the person
        whose answers to every id are ``truth``, until the result (or the
        question ``until``)."""
        while (asked := self.talk.triage.get("question")) and asked != until:
            self.says(self.words[corpora_group_answer(asked, truth)])
        return self

    @property
    def speech(self) -> str:
        return self.talk.speech

    @property
    def triage(self) -> dict[str, Any]:
        return self.talk.triage

    def never_said(self, *words: str) -> None:
        for said in self.heard:
            for w in words:
                assert w not in said, f"{self.locale}: said {w!r}: {said!r}"

    def all_spanish(self) -> None:
        for said in self.heard:
            assert not ENGLISH.search(said), f"{self.locale}: English: {said!r}"


def corpora_group_answer(asked, truth: dict[str, str]) -> str:
    if isinstance(asked, str):
        return truth[asked]
    values = [truth[q] for q in asked]
    return "yes" if "yes" in values else "unknown" if "unknown" in values else "no"


def envelope_slots(slots: dict[str, tuple[str, str | None]], phrase: str) -> dict[str, Any]:
    out = {}
    for name, (value, value_id) in slots.items():
        slot: dict[str, Any] = {"name": name, "value": value, "confirmationStatus": "NONE"}
        authority: dict[str, Any] = {"authority": f"amzn1.er-authority.echo-sdk.local.{name}",
                                     "status": {"code": "ER_SUCCESS_MATCH" if value_id else "ER_SUCCESS_NO_MATCH"}}
        if value_id:
            authority["values"] = [{"value": {"name": value, "id": value_id}}]
        slot["resolutions"] = {"resolutionsPerAuthority": [authority]}
        out[name] = slot
    return out


#: How each market says yes, no, not sure and a little (in the corpus, never the bare sample).
US_WORDS = {"yes": "Sí, cómo no.", "no": "No, fíjese.", "unknown": "Pos quién sabe.", "partly": "Tantito."}
ES_WORDS = {"yes": "¡Desde luego!", "no": "Qué va.", "unknown": "A saber.", "partly": "Un pelín."}
MARKETS = {"es-US": US_WORDS, "es-ES": ES_WORDS}
NUMBER = {"es-US": "911", "es-ES": "112"}
MOTHER = {"es-US": ("Es para mi mamá.", "su mamá", "Su mamá"), "es-ES": ("Es para mi madre.", "su madre", "Su madre")}
CANT_WALK = {"es-US": "No puedo caminar.", "es-ES": "No puedo andar."}
OKAY = {"es-US": "¡Ándale!", "es-ES": "Vale, venga."}
#: Words of the other market, or of a nobody, never said to this one.
NEVER = ["esa persona", "Esa persona", "¿Tiene ella", "de ella", "equipo de oncología", "skill"]


def person(transport, locale: str) -> Persona:
    return Persona(transport, locale, MARKETS[locale])


@pytest.fixture(params=list(MARKETS))
def locale(request) -> str:
    return request.param


# -- 1. the daughter who answers the welcome's invitation ---------------------------------
def test_the_daughter_who_answers_the_welcome_is_asked_about_her_mother(transport, locale):
    said, her, Her = MOTHER[locale]
    p = person(transport, locale).open()
    welcome = p.speech
    assert "¿Es para otra persona?" not in welcome  # no yes/no about someone else before a symptom question
    assert f"Si es para otra persona, diga: {said[:-1].lower()}" in welcome
    assert p.triage["question"] == "chest_or_breathing"
    p.says(said)  # she answers the welcome, not the chest question
    assert p.triage["question"] == "chest_or_breathing" and p.triage["answers"] == {}
    assert f"le pregunto por {her}" in p.speech and p.speech.endswith("?")
    assert Her in p.speech  # "¿Su mamá tiene dolor o presión nueva en el pecho...?"
    p.answers(SURVIVOR | {"night_pain": "yes"})
    assert p.triage["urgency"] == "urgent"
    assert her in p.speech
    p.never_said(*NEVER)
    p.all_spanish()


def test_a_daughter_who_says_yes_to_the_welcome_is_not_sent_to_the_emergency_number_by_her_mothers_words(
    transport, locale
):
    """ "Sí, es para mi mamá" is no sample: the skill asks again; nothing is recorded."""
    p = person(transport, locale).open()
    p.says("Sí, es para mi mamá." if locale == "es-US" else "Sí, es para mi madre.")
    assert p.triage["answers"] == {} and p.triage["question"] == "chest_or_breathing"
    assert NUMBER[locale] not in p.speech
    p.says(MOTHER[locale][0])
    assert MOTHER[locale][2] in p.speech
    p.all_spanish()


# -- 2. "No, es para mí" ------------------------------------------------------------------
def test_no_es_para_mi_never_makes_the_check_about_someone_else(transport, locale):
    p = person(transport, locale).open()
    p.says("No, es para mí.")
    assert p.triage["answers"] == {}  # asked again, nothing recorded
    assert "su familiar" not in p.speech and "Su familiar" not in p.speech
    p.says("Es para mí.")
    assert "Ya le estoy preguntando por usted" in p.speech
    p.says(MOTHER[locale][0]).says("Es para mí.")  # switched by mistake, and back
    assert "desde ahora le pregunto por usted" in p.speech
    assert MOTHER[locale][2] not in p.speech.split(".")[-1]
    p.never_said(*NEVER)
    p.all_spanish()


# -- 3. each emergency said in everyday words -------------------------------------------
def test_i_cant_walk_asks_weak_legs_or_pain_then_gives_the_cord_script(transport, locale):
    p = person(transport, locale).open().answers(ALL_CLEAR, until="numbness_tingling")
    p.says(CANT_WALK[locale])
    assert "piernas débiles o dormidas" in p.speech and "solo por el dolor" in p.speech
    p.says(p.words["yes"])
    assert p.speech.startswith(f"Llame al {NUMBER[locale]} ahora")
    assert p.speech.count(NUMBER[locale]) >= 2 and "quédese donde está" in p.speech
    assert "diga: atrás" in p.speech and p.speech.endswith("¿Quiere que lo repita?")
    p.all_spanish()


def test_i_cant_walk_only_because_of_the_pain_goes_back_to_the_question(transport, locale):
    p = person(transport, locale).open().answers(ALL_CLEAR, until="numbness_tingling")
    p.says(CANT_WALK[locale]).says(p.words["no"])
    assert "es solo el dolor" in p.speech and p.triage["question"] == "numbness_tingling"
    assert "numbness_tingling" not in p.triage["answers"]
    p.never_said(f"Llame al {NUMBER[locale]} ahora")
    p.all_spanish()


@pytest.mark.parametrize("words", ["Me duele el pecho.", "No puedo respirar."])
def test_chest_pain_or_breathlessness_mid_check_gets_the_general_script_and_can_be_undone(transport, locale, words):
    p = person(transport, locale).open().answers(SURVIVOR, until="cancer_history")
    p.says(words)
    assert p.speech.startswith(f"Llame al {NUMBER[locale]} ahora")
    assert "dolor de espalda" in p.speech and "quédese donde está" not in p.speech  # nothing about legs
    assert "diga: atrás" in p.speech
    p.says("Atrás.")
    assert p.triage["question"] == "cancer_history" and not p.talk.ended
    p.all_spanish()


def test_socorro_gives_the_emergency_number_at_once(transport, locale):
    p = person(transport, locale).open().says("¡Socorro!")
    assert p.speech.startswith(f"Llame al {NUMBER[locale]} ahora")
    p.says(p.words["no"])  # no repeat: the script's own closing
    assert p.speech.endswith(f"llame al {NUMBER[locale]} ahora.") and p.talk.ended
    p.all_spanish()


# -- 4. misunderstood once, rephrases: the simpler wording, in Spanish ---------------------
def test_misunderstood_twice_hears_the_simpler_wording_in_spanish_then_rephrases(transport, locale):
    p = person(transport, locale).open().answers(SURVIVOR, until="cancer_history")
    p.says("Pues mire, le cuento, hace años me operaron y desde entonces ando así.")
    assert p.speech.startswith("Perdone") and p.triage["question"] == "cancer_history"
    p.says("Ya le digo que me operaron en el noventa y tantos.")
    assert "de otra forma" in p.speech and "terminar" in p.speech
    assert "cáncer" in p.speech.split(".")[-1]  # the reprompt still names the whole question
    p.says(p.words["yes"])
    assert p.triage["answers"]["cancer_history"] == "yes"
    p.all_spanish()


# -- 5. yes-like words to "¿Se lo recuerdo?" and to a symptom question -------------------
def test_okay_words_say_yes_to_the_reminder_offer_but_never_answer_a_symptom(transport, locale):
    p = person(transport, locale).open()
    p.says(OKAY[locale])  # to the chest question: not an answer
    assert "responda sí, no o no sé" in p.speech and p.triage["answers"] == {}
    p.answers(SURVIVOR | {"night_pain": "yes"})
    assert p.triage["urgency"] == "urgent" and p.speech.endswith("¿Se lo recuerdo en una hora?" if locale == "es-US"
                                                                   else "¿Se lo recuerdo dentro de una hora?")
    result = p.speech
    p.says(OKAY[locale])
    assert p.speech != result and "recordatorio" in p.speech  # the reminder (here: the permission card), not the result
    p.all_spanish()


# -- 6. each market's own words ------------------------------------------------------------
def test_es_us_calentura_on_kisqali_is_the_sepsis_script(transport):
    p = person(transport, "es-US").open().answers(SURVIVOR, until="chemo_now")
    p.says("Estoy en Kisqali.")
    assert p.triage["question"] == "fever_chills" and "96.8" in p.speech and "Tylenol" in p.speech
    p.says("Sí, tengo calentura.")
    assert p.triage["urgency"] == "emergency"
    assert p.speech.startswith("Si tiene confusión") and "infección grave" in p.speech and "No espere" in p.speech
    assert "línea de 24 horas" in p.speech and "piernas débiles" not in p.speech
    p.never_said(*NEVER, "112", "urgencias del hospital", "cáncer de mama")
    p.all_spanish()


def test_es_us_no_tomo_pastillas_is_no_to_the_aromatase_inhibitor_question(transport):
    """A soon result, "¡Ándale!" to the cause questions, then "No tomo
    pastillas" to the aromatase-inhibitor question: a no, not "not sure"."""
    p = person(transport, "es-US").open()
    truth = SURVIVOR | {"pain_new_or_changed": "no", "rest_relief": "no", "joint_pain_stiffness": "yes",
                        "aromatase_inhibitor": "no"}
    p.answers(truth)
    assert p.triage["urgency"] == "soon" and "¿Quiere saber si un tratamiento" in p.speech
    p.says("¡Ándale!").answers(truth, until="aromatase_inhibitor")
    assert p.triage["question"] == "aromatase_inhibitor" and "Sin contar el tamoxifeno" in p.speech
    p.says("No tomo pastillas.")
    assert p.triage["answers"]["aromatase_inhibitor"] == "no"
    p.never_said(*NEVER)
    p.all_spanish()


def test_es_es_tiritona_on_chemo_is_the_sepsis_script_with_112_and_no_061(transport):
    p = person(transport, "es-ES").open().answers(SURVIVOR, until="chemo_now")
    p.says(ES_WORDS["yes"])
    assert "38 grados" in p.speech and "paracetamol" in p.speech and "tiritona" in p.speech
    p.says("Tengo tiritona.")
    assert p.triage["urgency"] == "emergency" and "112" in p.speech
    p.never_said(*NEVER, "061", "911", "sala de emergencias", "cáncer de seno", "maneje")
    p.all_spanish()


def test_es_es_a_pain_limited_walker_with_codeine_constipation_is_never_sent_to_112(transport):
    """Never had cancer, strained lifting, walks slowly only because it
    hurts, constipated on codeine: she answers 'qué va' to the walking and
    bladder questions as worded, and is never told to call 112."""
    p = person(transport, "es-ES").open()
    truth = ALL_CLEAR | {"cancer_history": "no", "precipitating_event": "yes"}
    p.answers(truth)
    assert p.triage["urgency"] in ("routine", "soon")
    assert not p.speech.startswith("Llame al 112 ahora")
    assert not re.search(r"oncólog|oncología|quimio|cáncer de mama", p.speech)  # the result: nothing about cancer
    p.never_said(*NEVER)
    p.all_spanish()


def test_es_us_someone_who_never_had_cancer_hears_no_cancer_words(transport):
    p = person(transport, "es-US").open()
    p.answers(ALL_CLEAR | {"cancer_history": "no", "band_pain": "yes"})
    assert p.triage["urgency"] == "urgent"
    assert re.match(r"Llame (hoy|ya) a su doctor", p.speech)
    assert not re.search(r"oncólog|quimio|cáncer de seno", p.speech)  # the result: nothing about cancer
    p.never_said(*NEVER)
    p.all_spanish()


# -- 7. es-US native reviews (/work/reviews/es-US-1.md, es-US-2.md) -------------------------
@pytest.mark.parametrize("words", ["Nomás es el dolor.", "Es el puro dolor.", "Es por el dolor."])
def test_es_us_i_cant_walk_nomas_por_el_dolor_goes_back_to_the_question(transport, words):
    """Review 1 item 18, review 2 item 1: the pain-only walker's own words are 'only the pain'
    (OnlyPainIntent), never two misses and the cord script."""
    p = person(transport, "es-US").open().answers(ALL_CLEAR, until="numbness_tingling")
    p.says("No puedo caminar.").says(words)
    assert "es solo el dolor" in p.speech and p.triage["question"] == "numbness_tingling"
    p.never_said("Llame al 911 ahora")
    p.all_spanish()


def test_es_us_only_the_pain_outside_the_walking_check_is_asked_again(transport):
    p = person(transport, "es-US").open().answers(SURVIVOR, until="cancer_history")
    p.says("Solo el dolor.")
    assert p.triage["question"] == "cancer_history" and "cancer_history" not in p.triage["answers"]
    p.all_spanish()


def test_es_us_me_estoy_muriendo_and_ayudenme_are_the_general_emergency(transport):
    for words in ("¡Me estoy muriendo!", "¡Ayúdenme!"):
        p = person(transport, "es-US").open().says(words)
        assert p.speech.startswith("Llame al 911 ahora"), words
        p.all_spanish()


def test_es_us_todo_el_tiempo_is_not_rest_eases_the_pain(transport):
    """Review 1 item 1, review 2 item 5: 'todo el tiempo' said to '¿Se le calma…?' is re-asked."""
    p = person(transport, "es-US").open().answers(SURVIVOR, until="rest_relief")
    asked = p.triage["question"]
    p.says("Todo el tiempo.")
    assert p.triage["question"] == asked and p.triage["answers"].get("rest_relief") != "yes"
    p.all_spanish()


def test_es_us_no_tengo_termometro_on_kisqali_is_not_a_no(transport):
    p = person(transport, "es-US").open().answers(SURVIVOR, until="chemo_now")
    p.says("Estoy en Kisqali.")
    assert p.triage["question"] == "fever_chills" and "Tylenol" in p.speech.split("¿")[0] + p.speech
    p.says("No tengo termómetro.")
    assert p.triage["answers"].get("fever_chills") in (None, "unknown")
    assert p.triage["urgency"] in (None, "urgent", "emergency")
    p.all_spanish()
