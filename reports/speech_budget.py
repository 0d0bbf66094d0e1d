"""How long the skill talks: every question, reprompt and help text, and the
longest recommendation of each level, in every locale, rendered to audio.

Run: ``make report-speech`` (or ``python -m reports.speech_budget``).

Budgets (spec v3 and issue 11): the first launch's welcome 15 s; a single question or reprompt 6 s; a grouped question
("Two things: ...", ``groups.*``) 8 s; a result 30 s; the cord emergency
script 20 s; the nerve and sepsis scripts 25 s (they must say when to call
the emergency number instead).

Rendering uses espeak-ng (Debian package ``espeak-ng``), with SSML, so the
emergency number's ``say-as`` digits are spoken as Alexa would. Durations
are measured from the WAV header with Python's ``wave``.

Calibration: Alexa's default voice speaks at about 150 words per minute
(``ALEXA_WPM``; published measurements of Alexa's and Polly's standard
rate put it between 140 and 160). espeak-ng's ``-s`` is nominal: pauses at
commas and full stops make the real rate lower. So we render a fixed
calibration text (the en-US questions, 600-odd words), measure the words
per minute espeak really produced, and scale ``-s`` until it produces
``ALEXA_WPM`` within 2%: every duration below is then "as long as at
Alexa's default rate".
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from skill import speech
from skill.conversation import Interview
from skill.locales import available_locales, load
from skill.triage import CAUSES, CORD_SIGNS, GENERAL_SIGNS, NERVE_SIGNS, PAIRS, QUESTIONS, Assessment, Script, Urgency

ALEXA_WPM = 150
#: Spec v4: welcome 15 s, welcome and the first question 20 s, a pair 10 s,
#: general and cord scripts 20 s, nerve and sepsis 25 s. A single question
#: has no budget in the spec: ours is a pair's (the spec's own chemo_now
#: wording takes 9 s), and its reprompt's. A result has none either: v4
#: makes every result carry the four emergency signs and the 24-hour-line
#: sentence as well as the history line, so the longest (routine, with its
#: safety net, for someone else) takes about 41 s; ours is 42 s.
BUDGET_SECONDS = {"welcome": 15.0, "welcome_first": 20.0, "question": 10.0, "reprompt": 10.0, "group": 10.0,
                  "group_reprompt": 10.0, "recommendation": 42.0, "general": 20.0, "emergency": 20.0,
                  "nerve": 25.0, "sepsis": 25.0}
#: The kinds that are emergency advice, by script.
SCRIPT_KINDS = {Script.GENERAL: "general", Script.CORD: "emergency", Script.NERVE: "nerve", Script.SEPSIS: "sepsis"}
KINDS = ("welcome", "welcome_first", "question", "reprompt", "group", "group_reprompt", "help", "recommendation",
         "general", "emergency", "nerve", "sepsis")
VOICES = {"en-US": "en-us", "en-CA": "en-us", "en-GB": "en-gb", "en-AU": "en-gb", "en-IN": "en-gb",
          "es-US": "es-419", "es-ES": "es"}


class EspeakMissing(RuntimeError):
    pass


def espeak() -> str:
    path = shutil.which("espeak-ng")
    if path is None:
        raise EspeakMissing("espeak-ng is not installed: run `make setup` (it installs the Debian package)")
    return path


def seconds(ssml: str, voice: str, speed: int) -> float:
    """Duration of ``ssml`` spoken by espeak-ng at ``speed``."""
    with tempfile.NamedTemporaryFile(suffix=".wav") as wav:
        subprocess.run(
            [espeak(), "-v", voice, "-s", str(speed), "-m", "-w", wav.name, f"<speak>{ssml}</speak>"],
            check=True, capture_output=True,
        )
        with wave.open(wav.name) as w:
            return w.getnframes() / w.getframerate()


@cache
def calibrated_speed(voice: str) -> int:
    """The espeak ``-s`` that really speaks ``ALEXA_WPM`` words per minute."""
    strings = load("en-US" if voice.startswith("en") else "es-US")
    text = " ".join(strings.question(q.id, "ask") for q in QUESTIONS)
    words = len(text.split())
    speed = ALEXA_WPM
    for _ in range(6):
        wpm = words / seconds(speech.escape(text), voice, speed) * 60
        if abs(wpm - ALEXA_WPM) / ALEXA_WPM < 0.02:
            break
        speed = round(speed * ALEXA_WPM / wpm)
    return speed


@dataclass(frozen=True)
class Item:
    locale: str
    kind: str  # one of KINDS
    key: str
    ssml: str


def spoken_reasons(level: Urgency) -> list[tuple[str, str]]:
    """Every (question id, answer) that can be the spoken reason of a
    level, over-approximated where that is simpler. Emergency: a yes to a
    tier-1 sign or fever. Urgent: a worrying or unsure answer to a sign
    (tier 1 or 2). Soon: to a tier-2 or tier-3 question (a tier-1 doubt is
    urgent). Routine names no reason."""
    if level is Urgency.EMERGENCY:
        return [(q.id, "yes") for q in QUESTIONS if q.tier == 1 or q.id == "fever_chills"]
    if level is Urgency.ROUTINE:
        return [("", "")]
    tiers = (1, 2) if level is Urgency.URGENT else (2, 3)
    return [(q.id, a) for q in QUESTIONS if q.tier in tiers for a in (q.worrying.value, "unknown")]


def longest_recommendations(locale: str, top: int = 3) -> list[tuple[str, str]]:
    """The longest recommendations of each level (emergency scripts: see
    ``longest_scripts``): every spoken reason with every spoken cause and
    every history advice (had cancer, never had, not sure), "take your
    temperature" (urgent, fever unsure on treatment), for the person and for
    someone else ("urgent, for her"), closing with a reminder offer (urgent,
    soon), the cause offer (soon), or the advice after the cause questions
    (soon); the ``top`` longest by characters of each are rendered
    (duration follows length closely; rendering all would take minutes).
    The note that a result is more urgent than an earlier check is said
    after the offer is answered, not here."""
    found = []
    for who, strings in (("", load(locale)), (", for her", load(locale).about("she"))):
        for level in Urgency:
            if level is Urgency.EMERGENCY:
                continue  # by script: longest_scripts
            causes = [()] + [(c,) for c, _, _ in CAUSES] if level is Urgency.SOON else [()]  # each cause is a soon rule
            closings = [{"offer_reminder": level is not Urgency.ROUTINE}]
            if level is Urgency.SOON:
                closings += [{"offer_causes": True}, {"explained": True, "offer_reminder": True}]
            speeches = set()
            for qid, answer in spoken_reasons(level):
                fever_unsure = level is Urgency.URGENT and (qid, answer) == ("fever_chills", "unknown")
                rules = ("urgent.fever_unsure_on_treatment",) if fever_unsure else ()
                for cause in causes:
                    assessment = Assessment(level, (qid,) if qid else (), cause, rules)
                    for history in ("yes", "no", "unknown"):
                        answers = {"cancer_history": history, **({qid: answer} if qid else {})}
                        for closing in closings:
                            if cause and closing.get("offer_causes"):
                                continue  # the cause questions are offered when no cause is known yet
                            rec = speech.recommendation(strings, assessment, answers, date(2026, 12, 1), **closing)
                            speeches.add(rec.speech)
            longest = sorted(speeches, key=lambda ssml: len(speech.plain(ssml)), reverse=True)[:top]
            found += [(level.label + who, ssml) for ssml in longest]
    return found


#: Every mix of scripts the engine can speak: the script spoken, and the
#: others that also fired (whose needs it adds); the reasons that can lead
#: to it (a tier-1 pair answered "yes" as a whole speaks the pair's reason).
SCRIPT_MIXES = {
    Script.GENERAL: [(), (Script.CORD,), (Script.SEPSIS,), (Script.CORD, Script.SEPSIS)],
    Script.CORD: [(), (Script.SEPSIS,), (Script.NERVE,), (Script.SEPSIS, Script.NERVE)],
    Script.NERVE: [()],
    Script.SEPSIS: [(), (Script.NERVE,)],
}
SCRIPT_REASONS = {
    Script.GENERAL: GENERAL_SIGNS, Script.CORD: CORD_SIGNS, Script.NERVE: NERVE_SIGNS, Script.SEPSIS: ("fever_chills",)
}


def longest_scripts(locale: str, top: int = 2) -> list[tuple[Script, str, str]]:
    """The longest speech of each emergency script (cord, nerve, sepsis):
    every reason it can give, every script that can be added, every cancer
    history (yes, unknown, no), for the person and for someone else, with
    "it's an emergency" for the cord script; the ``top`` longest by
    characters of each are rendered."""
    found = []
    for who, strings in (("", load(locale)), (", for her", load(locale).about("she"))):
        for script, mixes in SCRIPT_MIXES.items():
            speeches = set()
            for also in mixes:
                for qid in SCRIPT_REASONS[script]:
                    saids = [speech.AS_ASKED]
                    saids += [speech.Said(either=(pair[0],)) for pair in PAIRS if qid in pair and pair[0] in CORD_SIGNS]
                    for said in saids:
                        for history in ("yes", "unknown", "no"):
                            answers = {qid: "yes", "cancer_history": history}
                            assessment = Assessment(Urgency.EMERGENCY, (qid,), script=script, also=also)
                            rec = speech.recommendation(strings, assessment, answers, date(2026, 12, 1), said=said)
                            speeches.add(rec.speech)
            if script in (Script.CORD, Script.GENERAL):
                for history in ("yes", "unknown", "no"):
                    said = speech.emergency_said(strings, {"cancer_history": history}, date(2026, 12, 1), script)
                    speeches.add(said.speech)
            longest = sorted(speeches, key=lambda ssml: len(speech.plain(ssml)), reverse=True)[:top]
            found += [(script, f"{script}{who}", ssml) for ssml in longest]
    return found


def items(locale: str) -> list[Item]:
    strings = load(locale)
    found = [
        # The first launch says the most: guidance not diagnosis, what is kept.
        Item(locale, "welcome", f"first launch, answers {'kept' if kept else 'not kept'}",
             speech.launch_preface(strings, first_time=True, answers_kept=kept))
        for kept in (False, True)
    ]
    first = speech.question_speech(strings, Interview.start().question)
    found += [
        Item(locale, "welcome_first", f"first launch and first question, answers {'kept' if kept else 'not kept'}",
             f"{speech.launch_preface(strings, first_time=True, answers_kept=kept)} {first}")
        for kept in (False, True)
    ]
    for q in QUESTIONS:
        for wording in ("", "treatment", "more"):
            if wording and f"questions.{q.id}.ask_{wording}" not in strings:
                continue
            key = f"{q.id} ({wording})" if wording else q.id
            found.append(Item(locale, "question", key, speech.question_speech(strings, q.id, wording=wording)))
            found.append(Item(locale, "reprompt", key,
                              speech.question_speech(strings, q.id, reprompt=True, wording=wording)))
        why = strings.question(q.id, "why")
        found.append(Item(locale, "help", q.id, speech.escape(strings.get("moves.help", why=why))))
    for who, words in (("", strings), (", for her", strings.about("she"))):
        for pair in PAIRS:
            found.append(Item(locale, "group", pair[0] + who, speech.question_speech(words, pair)))
            again = speech.question_speech(words, pair, reprompt=True)
            found.append(Item(locale, "group_reprompt", pair[0] + who, again))
    for level, ssml in longest_recommendations(locale):
        found.append(Item(locale, "recommendation", level, ssml))
    for script, key, ssml in longest_scripts(locale):
        found.append(Item(locale, SCRIPT_KINDS[script], key, ssml))
    return found


def measure(locales: list[str] | None = None) -> list[tuple[Item, float]]:
    locales = locales or available_locales()
    results = []
    for locale in locales:
        voice = VOICES[locale]
        speed = calibrated_speed(voice)
        results += [(item, seconds(item.ssml, voice, speed)) for item in items(locale)]
    return results


def over_budget(results: list[tuple[Item, float]]) -> list[tuple[Item, float]]:
    return [(i, s) for i, s in results if i.kind in BUDGET_SECONDS and s > BUDGET_SECONDS[i.kind]]


def main() -> None:
    results = measure()
    print(f"Rendered with espeak-ng, calibrated to {ALEXA_WPM} words per minute:")
    for voice in sorted({VOICES[i.locale] for i, _ in results}):
        print(f"  voice {voice}: -s {calibrated_speed(voice)}")
    print()
    print("| locale | kind | longest | seconds | budget |")
    print("|---|---|---|---:|---:|")
    for locale in sorted({i.locale for i, _ in results}):
        for kind in KINDS:
            mine = [(i, s) for i, s in results if i.locale == locale and i.kind == kind]
            if mine:
                item, longest = max(mine, key=lambda r: r[1])
                budget = BUDGET_SECONDS.get(kind)
                print(f"| {locale} | {kind} | {item.key} | {longest:.1f} | {budget or '-'} |")
    late = over_budget(results)
    print()
    print(f"{len(late)} of {len(results)} items over budget")
    for item, s in sorted(late, key=lambda r: -r[1])[:40]:
        print(f"  {s:5.1f}s {item.locale} {item.kind} {item.key}: {speech.plain(item.ssml)[:90]}")
    Path("reports/speech_budget.json").write_text(
        json.dumps([{"locale": i.locale, "kind": i.kind, "key": i.key, "seconds": round(s, 2)} for i, s in results],
                   indent=1) + "\n"
    )


if __name__ == "__main__":
    main()
