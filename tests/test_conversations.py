"""People talking to the skill in their own words (issue 17, point 4).

Each story is one person: what they say, typed as they would say it and
resolved through their locale's interaction model exactly as ``make chat``
resolves it (tests/conversation_driver.py, skill/cli.py's matcher), then sent
as real request envelopes through the Lambda entry. A story asserts the level
reached, words the person must hear (the script's own words, from the
locale's strings) and words that must never be said to them.

A story that fails because the skill is wrong is marked ``xfail(strict=True)``
with the defect in ``defect``: it is not weakened to pass.

``STORIES`` is the list the safety case counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.conversation_driver import Person, Turn

LEVELS = ("routine", "soon", "urgent", "emergency")


@dataclass(frozen=True)
class Line:
    """One thing the person says, and what they must (not) hear back."""

    said: str
    hears: tuple[str, ...] = ()
    not_hear: tuple[str, ...] = ()
    understood: str | None = None  # the intent it must reach, where that is the point of the line
    ends: bool | None = None  # the session ends (True) or stays open (False) after it


def say(said: str, *hears: str, not_hear: tuple[str, ...] = (), understood: str | None = None,
        ends: bool | None = None) -> Line:
    return Line(said, hears, not_hear, understood, ends)


@dataclass(frozen=True)
class Story:
    name: str
    locale: str
    lines: tuple[Line, ...]
    #: the level of the last result given (None: no result, e.g. stopped mid-check)
    level: str | None
    #: words never heard in any turn, speech or card
    never: tuple[str, ...] = ()
    #: why it fails today because the skill is wrong (the story stays as the person said it)
    defect: str | None = None


def story(name: str, locale: str, level: str | None, *lines: Line | str, never: tuple[str, ...] = (),
          defect: str | None = None) -> Story:
    return Story(name, locale, tuple(x if isinstance(x, Line) else Line(x) for x in lines), level, never, defect)


OPEN = "open back pain check"
NO_CORD = ("no", "no", "no", "no", "no")  # chest, weakness or walking, bladder or saddle, numbness, band pain
GENERAL_US = "Call 911 now, because"
NOT_911_NOW = ("Call 911 now", "Please call 911 now")

STORIES: list[Story] = [
    # -- medicines by name, and the fever question on treatment ------------------------------
    story(
        "retired teacher on Kisqali, shivery, no thermometer", "en-US", "emergency",
        OPEN, *NO_CORD,
        say("yes, years ago", "Sorry", "breast cancer, or any other cancer"),
        say("yes", "any cancer treatment in six weeks"),
        say("I'm on Kisqali", "100.4 or more", "shivering", "suddenly unwell", understood="MedicineIntent"),
        say("I feel shivery but I don't have a thermometer", "Sorry", "shivering"),
        say("yes I am", "If you're confused, very drowsy, breathless, blotchy or fainted, call 911 now.",
            "call the 24-hour line", "chemo alert card", "Say you're on cancer treatment.",
            "Shall I repeat that?", not_hear=("legs are weak",), ends=False),
        say("no thanks", "Please call your 24-hour line now", ends=True, not_hear=("Please call 911 now.",)),
        never=("Call your cancer team today", "If your legs are weak"),
    ),
    story(
        "former librarian in Leeds on Enhertu drips, a bit feverish", "en-GB", "emergency",
        OPEN, *NO_CORD, "yes I have",
        say("I get Enhertu", "37.5 or more", "below 36", understood="MedicineIntent"),
        say("a bit", "call 999 now", "call the 24-hour line"),
        say("no", "24-hour line"),
        never=("100.4", "38 degrees", "Call your cancer team today"),
    ),
    story(
        "grandmother in Pune on Keytruda, cold and shaky", "en-IN", "emergency",
        OPEN, *NO_CORD, "yes",
        say("I'm getting pembrolizumab", "shivering", understood="MedicineIntent"),
        say("yes she is shivering a lot", "Sorry"),
        say("yes", "it may be a serious infection", "the 24-hour line"),
        never=("Call your cancer team today",),
    ),
    story(
        "Ottawa pharmacist's wife, just letrozole, no other treatment, low back ache eases with rest", "en-CA",
        "soon",
        OPEN, *NO_CORD, "yes",
        say("just letrozole", "Anything else", "chemo or cancer pills", understood="MedicineIntent"),
        say("no that's all", "Two things", not_hear=("infection", "Sorry")),
        "no", "no",
        say("no", "38 degrees or more"),
        "no", "no",
        say("yes it's new", "Sorry", "new, or different or worse"),
        say("yes", "spread to your bones"),
        "no", "no",
        say("yes", "See your doctor or cancer team within two weeks"),
        never=("possible infection", "Call your cancer team today", "24-hour cancer line now"),
    ),
    story(
        "Brisbane hairdresser who takes tamoxifen and nothing else", "en-AU", "soon",
        OPEN, *NO_CORD, "yeah",
        say("I take tamoxifen", "Anything else", understood="MedicineIntent"),
        say("nope", "Two things"),
        "nah", "no", "no", "no", "no",
        say("it's not new, same as always", "Sorry"),
        say("no", "lifting, twisting"),
        say("no", "within two weeks", "because the pain came on without a strain like lifting"),
        never=("triple zero now", "possible infection"),
    ),
    # -- the non-spinal emergency ------------------------------------------------------------
    story(
        "Phoenix bookkeeper who says she has chest pain during the toilet question", "en-US", "emergency",
        OPEN, "no", "no",
        say("I have chest pain", GENERAL_US, "Again: 911.", "I can't call.", "Don't drive.",
            "Mention your back pain and any cancer history.", "Said by mistake? Say go back.",
            understood="EmergencyIntent", not_hear=("legs",), ends=False),
        say("no", "Okay. Please call 911 now.", ends=True),
        never=("cancer team", "24-hour"),
    ),
    story(
        "Winnipeg choir singer on tamoxifen, sudden pain between the shoulder blades and breathless", "en-CA",
        "emergency",
        OPEN,
        say("yes I'm short of breath", "Sorry"),
        say("yes", "Call 911 now, because you have chest pain, breathing trouble or fainting.", "Again: 911.",
            not_hear=("legs are weak",)),
        never=("cancer team today",),
    ),
    story(
        "Liverpool cleaner who fainted in the kitchen this morning", "en-GB", "emergency",
        OPEN, "no", "no", "no",
        say("I fainted", "Call 999 now", "Again: 999.", understood="EmergencyIntent"),
        say("yes please", "Call 999 now"),
        never=("If your legs are weak",),
    ),
    # -- walking: pain-limited or weak ---------------------------------------------------------
    story(
        "Perth bowls player who can't walk far, but only because it hurts", "en-AU", "routine",
        OPEN, "no",
        say("I can't walk", "Is that because your legs feel weak, numb or give way?", understood="EmergencyIntent"),
        say("only the pain", "Okay, only the pain. Back to the question.", understood="OnlyPainIntent"),
        say("no", "Two things", "urine"),
        "no", "no", "no",
        say("no", "38 degrees"),
        "no", "no",
        say("yes", "from your neck down to the bottom of your ribs"),
        "no", "no", "no",
        say("no", "Does either one ease the pain?"),
        say("yes, resting helps", "Sorry", "rest, or your usual painkillers"),
        say("yes", "better when you rest"),
        say("yes", "painkillers"),
        say("yes", "anastrozole, letrozole or exemestane", "to lower the risk"),
        say("no", "No warning signs."),
        never=("Call triple zero now", "cancer team", "chemo"),
    ),
    story(
        "Melbourne grandmother who can't walk far because of the pain, says plain no", "en-AU", "routine",
        OPEN, "no",
        say("I can't walk", "Is that because your legs feel weak, numb or give way?"),
        say("no", "Okay, only the pain. Back to the question.", "new trouble walking because your legs feel weak"),
        say("no", "urine"),
        "no", "no", "no",
        say("no I haven't", "38 degrees"),
        "no", "no",
        say("yes", "from your neck down to the bottom of your ribs"),
        "no", "no", "no",
        say("no", "Does either one ease the pain?"),
        say("yes, resting helps", "Sorry", "rest, or your usual painkillers"),
        say("yes", "better when you rest"),
        say("yes", "painkillers"),
        say("yes", "anastrozole, letrozole or exemestane", "to lower the risk"),
        say("no", "No warning signs.", "Call your GP"),
        never=("Call triple zero now", "cancer team", "chemo"),
    ),
    story(
        "Halifax retired nurse who can't walk because her legs are weak", "en-CA", "emergency",
        OPEN, "no",
        say("I can't walk", "Is that because your legs feel weak, numb or give way?"),
        say("my legs are weak", "Call 911 now", "Again: 911.", "Weak legs? Stay where you are."),
        say("no", "Okay. Please call 911 now."),
    ),
    # -- not understood, and rephrased -----------------------------------------------------------
    story(
        "Sheffield widow misunderstood twice at the weakness question", "en-GB", "soon",
        OPEN, "no",
        say("my knees are a bit dodgy", "Sorry", "legs or arms", "weak, numb or unsteady"),
        say("I dunno what you mean love", "one thing at a time", "legs or arms", "given way"),
        say("no", "walking or standing", "unsteady"),
        "no", "no", "no", "no",
        say("no love", "37.5"),
        "no", "no",
        say("no", "See your GP within two weeks"),
        never=("cancer team", "Call 999 now"),
    ),
    story(
        "Sydney dog walker, survivor, misunderstood twice about where the pain is", "en-AU", "urgent",
        OPEN, *NO_CORD, "yes", "no", "no", "no", "no", "no", "no",
        say("yes", "spread to your bones"),
        say("no", "from your neck down to the bottom of your ribs"),
        say("it's sort of round the side", "Sorry", "neck", "ribs"),
        say("what are you on about", "Let me ask it another way.", "from your neck down to the bottom of your ribs"),
        say("yes", "Call your cancer team today", "upper or middle spine", "healthdirect"),
        never=("Call triple zero now",),
    ),
    story(
        "Toronto receptionist who mumbles at the toilet question twice", "en-CA", "soon",
        OPEN, "no", "no",
        say("well I've been a bit bunged up", "Sorry", "urine", "numbness between your legs"),
        say("it's the codeine I think", "one thing at a time"),
        say("no", "numbness between your legs"),
        "no", "no", "no",
        say("no never", "38 degrees"),
        "no", "no",
        say("no", "See your doctor within two weeks"),
        never=("Call 911 now", "cancer team", "None of your treatments"),
    ),
    # -- helping someone, and back to myself -----------------------------------------------------
    story(
        "daughter in Chennai asking for her mum, then for herself", "en-IN", "routine",
        OPEN, "no",
        say("I'm asking for my mum", "about her", "start again from the first question", "Has she had",
            understood="ForSomeoneElseIntent"),
        say("no", "her legs"),
        say("it's for me", "about you", "start again from the first question", "Any new chest pain",
            understood="ForMyselfIntent"),
        "no", "no", "no", "no", "no",
        say("no", "38 Celsius"),
        "no", "no",
        say("yes", "from your neck down to the bottom of your ribs"),
        "no", "no", "no",
        say("no", "Does either one ease the pain?"),
        say("yes, resting helps", "Sorry", "rest, or your usual painkillers"),
        say("yes", "better when you rest"),
        say("yes", "painkillers"),
        say("yes", "anastrozole, letrozole or exemestane", "to lower the risk"),
        say("no", "No warning signs"),
        never=("cancer team", "Call 112 now"),
    ),
    story(
        "son in Dallas checking for his mother, a survivor with new pain worse at night", "en-US", "urgent",
        OPEN,
        say("this is for my mother", "about her", "Has she had any new chest pain"),
        "no", "no", "no", "no", "no",
        say("yes she did", "Sorry", "Has she ever had breast cancer"),
        say("yes", "any cancer treatment"),
        say("no", "worse at night"),
        say("yes", "at night"),
        say("yes", "Help her call her cancer team today", "because the pain is worse at night"),
        never=("Call 911 now",),
    ),
    # -- okay, stop, mistakes and worry ------------------------------------------------------------
    story(
        "Bristol allotment keeper who says okay to a question and okay to the reminder", "en-GB", "soon",
        OPEN,
        say("okay", "please say yes, no, or not sure", "chest pain", understood="OkayIntent"),
        "no", "no", "no", "no", "no",
        say("no", "37.5"),
        "no", "no",
        say("no", "See your GP within two weeks", "Shall I remind you tomorrow at nine?"),
        say("okay", "allow reminders", understood="OkayIntent"),
        never=("cancer team", "Okay, no reminder"),
    ),
    story(
        "Calgary quilter who isn't sure about new weakness and stops", "en-CA", None,
        OPEN, "no",
        say("I'm not sure", "newly weak"),
        say("not sure", "walking or standing"),
        say("stop", "Okay, stopping.", "Call your doctor now", "because you weren't sure of new weakness",
            "Mention any cancer history.", "within a few hours", "Call 911 if your legs weaken", ends=True),
        never=("cancer team", "Take care."),
    ),
    story(
        "Kolkata tailor who says it's an emergency by mistake", "en-IN", "routine",
        OPEN, "no", "no",
        say("it's an emergency", "Call 112 now", "Said by mistake? Say go back."),
        say("I said it by mistake", "Okay, back one.", "urine", understood="GoBackIntent"),
        "no", "no", "no",
        say("no never", "38 Celsius"),
        "no", "no",
        say("yes", "from your neck down to the bottom of your ribs"),
        "no", "no", "no",
        say("no", "Does either one ease the pain?"),
        say("yes, resting helps", "Sorry", "rest, or your usual painkillers"),
        say("yes", "better when you rest"),
        say("yes", "painkillers"),
        say("yes", "anastrozole, letrozole or exemestane", "to lower the risk"),
        say("no", "No warning signs."),
        never=("cancer team",),
    ),
    story(
        "Atlanta church organist who says 'I can't move my legs' then 'no, I didn't mean that'", "en-US",
        "urgent",
        OPEN, "no",
        say("I can't move my legs", "Call 911 now", "Said by mistake? Say go back."),
        say("no I didn't mean that", "Okay, back one.", "weakness"),
        "no", "no", "no", "no", "yes", "no",
        say("no", "getting worse"),
        say("yes", "Call your cancer team today", "because the pain is getting worse"),
        never=("Okay. Please call 911 now.",),
    ),
    story(
        "Boston survivor who asks 'is my cancer back?' at the numbness question", "en-US", "soon",
        OPEN, "no", "no", "no",
        say("is my cancer back?", "This check can't tell", "American Cancer Society",
            "new or spreading numbness", understood="WorryIntent"),
        "no", "no", "yes", "no", "no", "no", "no", "no", "no", "no",
        say("no", "See your doctor or cancer team within two weeks"),
    ),
    story(
        "Adelaide survivor who says she's scared, then answers on", "en-AU", "urgent",
        OPEN, "no", "no", "no", "no", "no", "yes", "no",
        say("I'm scared", "natural worry", "Cancer Council", "Two things"),
        say("yes at night", "Sorry"),
        say("yes", "worse at night"),
        say("yes", "Call your cancer team today", "worse at night or lying down", "healthdirect"),
        say("no", "no reminder"),
    ),
    # -- fever without treatment, and thresholds by market -------------------------------------------
    story(
        "Glasgow survivor off treatment with a temperature of 37.6", "en-GB", "urgent",
        OPEN, *NO_CORD, "aye", "no", "no", "no", "no",
        say("yes it was 37.6 this morning", "Sorry", "37.5"),
        say("yes", "Call your cancer team today"),
        never=("100.4", "Call 999 now"),
    ),
    # -- who hears "cancer" ------------------------------------------------------------------------------
    story(
        "Denver man who isn't sure whether a skin thing counted as cancer, pain worse at night", "en-US",
        "urgent",
        OPEN, *NO_CORD,
        say("I'm not sure", "any cancer treatment"),
        "no",
        say("yes", "at night"),
        say("yes", "Call your doctor today", "because the pain is worse at night", "Mention any cancer history."),
        never=("cancer team", "breast cancer history"),
    ),
    story(
        "Auckland-born Darwin woman unsure about cancer, new numbness in her feet", "en-AU", "emergency",
        OPEN, "no", "no", "no",
        say("yes, new in my feet", "Sorry"),
        say("yes", "both legs"),
        say("no", "Last question.", "breast cancer, or any other cancer"),
        say("not sure", "emergency department now", "Mention any cancer history."),
        say("no", "emergency department"),
        never=("cancer team", "24-hour"),
    ),
    story(
        "Leicester cabbie unsure whether he had cancer, ordinary result", "en-GB", "soon",
        OPEN, *NO_CORD,
        say("I don't know", "any cancer treatment"),
        "no", "no", "no", "no", "no", "no", "no",
        say("no", "See your GP within two weeks", "Mention any cancer history"),
        never=("cancer team", "24-hour line"),
    ),
    story(
        "Mumbai accountant who never had cancer, pins and needles down both legs", "en-IN", "emergency",
        OPEN, "no", "no", "no",
        say("yes", "both legs"),
        say("yes both", "Sorry", "both legs"),
        say("yes", "Call 112 now", "108", "I can't call"),
        say("no", "112"),
        never=("cancer team", "24-hour", "breast cancer"),
    ),
    story(
        "San Diego gardener who never had cancer, shooting pain down one leg", "en-US", "urgent",
        OPEN, "no", "no", "no", "no",
        say("yes", "both legs"),
        say("no just the one", "Sorry"),
        say("no", "breast cancer"),
        say("no", "Call your doctor now", "within a few hours"),
        never=("cancer team", "Call 911 now", "Mention any cancer history"),
    ),
    story(
        "Cardiff builder, no cancer, strained lifting, walks slowly because it hurts, constipated on codeine",
        "en-GB", "routine",
        OPEN, "no",
        say("no, it just hurts to walk", "Sorry"),
        say("no", "urine"),
        say("no", "numbness or tingling"),
        "no", "no",
        say("no never", "37.5"),
        "no",
        "no",
        say("yes lifting a wardrobe", "Sorry", "lifting, twisting"),
        say("yes", "from your neck down to the bottom of your ribs"),
        "no", "no", "no",
        say("no", "Does either one ease the pain?"),
        say("yes", "better when you rest"),
        say("yes", "painkillers"),
        say("yes", "anastrozole, letrozole or exemestane", "to lower the risk"),
        say("no", "No warning signs.", "Call your GP."),
        never=("Call 999 now", "cancer team", "chemo", "None of your treatments", "cancer history"),
    ),
    # -- the commonest survivor ----------------------------------------------------------------------------
    story(
        "Vancouver survivor ten years out, upper-back ache unchanged for months", "en-CA", "soon",
        OPEN, *NO_CORD, "yes", "no", "no", "no", "no", "no", "no",
        say("no it's been the same for months", "Sorry"),
        say("no", "lifting"),
        say("no", "within two weeks", "Would you like to know whether a treatment could be adding to this?"),
        say("okay", "joints ache or feel stiff"),
        say("no", "from your neck down to the bottom of your ribs"),
        say("yes, between my shoulder blades", "Sorry", "neck", "ribs"),
        say("yes", "mastectomy"),
        say("yes", "radiation"),
        say("no", "old chemo numbness"),
        say("no", "Posture after breast surgery", "may be adding to it", "within two weeks",
            "because the pain is in your upper or middle spine"),
        never=("Call your cancer team today", "Call 911 now", "None of the treatments"),
    ),
    story(
        "Houston survivor on letrozole, stiff every morning, rest doesn't help but moving does", "en-US", "soon",
        OPEN, *NO_CORD, "yes",
        say("I take letrozole", "Anything else"),
        "no", "no", "no", "no", "no", "no",
        say("yes it's new", "Sorry", "new, or different or worse"),
        say("yes", "spread to your bones"),
        "no", "no",
        say("rest doesn't help but moving does", "Sorry"),
        say("a little", "Does the pain get better when you rest?"),
        say("no", "painkillers"),
        say("yes they do", "See your doctor or cancer team within two weeks",
            "Would you like to know whether a treatment could be adding to this?"),
        say("okay", "joints ache or feel stiff"),
        say("yes, hips and hands", "Sorry", "joints"),
        say("yes", "old chemo numbness"),
        say("no", "Aromatase inhibitors often cause aches", "See your doctor or cancer team within two weeks"),
        never=("Call your cancer team today", "Call 911 now"),
    ),
    story(
        "Delhi survivor whose pain gets worse week by week", "en-IN", "urgent",
        OPEN, *NO_CORD, "yes", "no", "no",
        say("yes it's getting worse", "Sorry", "getting worse over days or weeks"),
        say("yes", "Call your cancer team today", "casualty",
            "chest pain or can't breathe"),
        never=("Call 112 now",),
    ),
    story(
        "Hobart survivor with new spreading numbness in both feet", "en-AU", "emergency",
        OPEN, "no", "no", "no",
        say("yes", "both legs"),
        say("no, just my feet", "Sorry", "both legs"),
        say("no", "Last question.", "breast cancer, or any other cancer"),
        say("yes I have", "Call your cancer team's 24-hour number now", "triple zero", "Don't drive.",
            "Mention your cancer."),
        say("no", "Please call your 24-hour line now"),
        never=("Please call triple zero now.", "Okay. Please call triple zero now"),
    ),
    story(
        "New Jersey survivor on no treatment who takes the cause questions and has none", "en-US", "soon",
        OPEN, *NO_CORD, "yes", "no", "no", "no", "no", "no", "no", "no",
        say("no", "within two weeks", "Would you like to know whether a treatment could be adding to this?"),
        say("sure", "joints"),
        "no", "no",
        say("no", "None of the treatments you've mentioned", "within two weeks"),
        never=("None of your treatments",),
    ),
]


STORIES += [
    story(
        "Wollongong surfer, never had cancer, told 'two more questions' and asked one", "en-AU", "routine",
        OPEN, *NO_CORD,
        say("nah never", "38 degrees"),
        "no", "no",
        say("yeah, lifting a surfboard", "Sorry"),
        say("yes", "from your neck down to the bottom of your ribs"),
        "no", "no", "no", "no", "yes", "yes",
        say("yes", "anastrozole, letrozole or exemestane"),
        say("no", "No warning signs"),
        never=("Two more questions.", "Last question.", "cancer team"),
    ),
    story(
        "Tucson retiree who said 'I take letrozole' and is asked again whether she takes letrozole", "en-US",
        "soon",
        OPEN, *NO_CORD, "yes",
        say("I take letrozole", "Anything else"),
        "no", "no", "no", "no", "no", "no",
        say("yes", "spread to your bones"),
        "no", "no",
        say("a little", "Does the pain get better when you rest?"),
        "no",
        say("yes", "Would you like to know whether a treatment could be adding to this?"),
        say("okay", "joints ache or feel stiff"),
        say("yes", not_hear=("Do you take anastrozole, letrozole or exemestane",)),
    ),
]


def _level(turns: list[Turn]) -> str | None:
    """The level of the last result the person was given: the triage record, or the card's result line."""
    for turn in reversed(turns):
        text = str((turn.card or {}).get("text") or "")
        for line in text.splitlines():
            if line.startswith("Result: "):
                return line.removeprefix("Result: ").split(":")[0].strip().lower()
        if turn.triage.get("urgency"):
            return turn.triage["urgency"]
    return None


def _params():
    for s in STORIES:
        marks = [pytest.mark.xfail(strict=True, reason=s.defect)] if s.defect else []
        yield pytest.param(s, id=s.name, marks=marks)


def test_there_are_at_least_thirty_stories_in_the_english_markets():
    assert len(STORIES) >= 30
    assert {s.locale for s in STORIES} == {"en-US", "en-GB", "en-CA", "en-AU", "en-IN"}
    assert len({s.name for s in STORIES}) == len(STORIES)


@pytest.mark.parametrize("person", _params())
def test_a_person_hears_the_right_words(lambda_transport, person: Story):
    talk = Person(lambda_transport, person.locale)
    problems = []
    for line in person.lines:
        turn = talk.say(line.said)
        if line.understood and not turn.understood.startswith(line.understood):
            problems.append(f"{line.said!r} was understood as {turn.understood}, not {line.understood}")
        for words in line.hears:
            if words not in turn.heard:
                problems.append(f"after {line.said!r}: did not hear {words!r}")
        for words in line.not_hear:
            if words in turn.heard:
                problems.append(f"after {line.said!r}: heard {words!r}")
        if line.ends is not None and turn.ended != line.ends:
            problems.append(f"after {line.said!r}: the session {'stayed open' if line.ends else 'ended'}")
        for words in person.never:
            if words in turn.heard:
                problems.append(f"after {line.said!r}: heard {words!r}, which must never be said to them")
    level = _level(talk.turns)
    if level != person.level:
        problems.append(f"reached {level}, not {person.level}")
    assert not problems, "\n".join(problems) + "\n\n" + talk.transcript()
