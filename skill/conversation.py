"""The interview: which question comes next, and the moves a person can make.

Pure Python with no Alexa import. The state is a plain dict so that it can
live in session attributes under the stable key ``triage`` (see the
conversation contract in ``shared/triage-spec.md``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .triage import (
    ALL_BITS,
    ASKED_AT_ONCE_AFTER,
    BIT,
    BY_ID,
    CAUSES,
    IMPLIED,
    IMPLIED_BY_ALL,
    PAIRS,
    QUESTIONS,
    REASSURING_PAIRS,
    RULE_MASKS,
    Answer,
    Assessment,
    Urgency,
    Worry,
    answer_bits,
    answer_masks,
    assessment_of,
    level_of,
)

#: Assumed chance that an answer is not reassuring, by tier: 25% for a sign
#: (the generated population of reports/questions.py), 40% for a context
#: question (its survivor population: treatments are common, and most back
#: pain has no clear trigger). Orders questions only; never decides a level.
_RAISE_CHANCE = {1: 0.25, 2: 0.25, 3: 0.4}


def level_range(answers: Mapping[str, str]) -> tuple[Urgency, Urgency]:
    """The least and most urgent levels the remaining questions could give."""
    least, most = _bounds(*answer_masks(answers))
    return level_of(least), level_of(most)


def _bounds(answered: int, d1: int, d2: int) -> tuple[Worry, Worry]:
    """The answers with every unasked question at its least and at its most
    worrying: the level is settled when both give the same."""
    unanswered = ALL_BITS & ~answered
    return Worry(d1, d2), Worry(d1 | unanswered, d2 | unanswered)


def _nearest(rules: list[int]) -> int:
    """The open questions of the rules closest to firing (fewest open)."""
    fewest = min(bits.bit_count() for bits in rules)
    nearest = 0
    for bits in rules:
        if bits.bit_count() == fewest:
            nearest |= bits
    return nearest


def next_question(
    answers: Mapping[str, str],
    follow_up: tuple[str, ...] = (),
    pairs: tuple[Pair, ...] = PAIRS,
    eases: tuple[Pair, ...] = (),
) -> Asked | None:
    """The next question to ask (an id, or a pair of ids asked together),
    or None when the level is settled.

    ``follow_up``: the members of a pair answered "yes" or "not sure", to
    ask one at a time before anything else (while they can still change
    the level). ``pairs``: the pairs the interview may ask together; a
    question is asked with its partner when both can still change the level.

    Only questions of rules that could still raise the level are asked
    ("alive" rules). Among them: the most urgent rules first, then the rules
    closest to firing, then the question that the most of those rules share,
    then the vocabulary's order. So the emergency signs come first, and a
    "yes" to new numbness is followed by the history question that decides
    whether it is an emergency. The answer is a pure function of the
    answers' bit masks, so it is cached across turns and people.
    """
    return _next_question(*answer_masks(answers), follow_up, pairs, eases)


Pair = tuple[str, str]
#: What one turn asks: a question id, or a pair of ids asked together.
Asked = str | Pair


def items_of(asked: Asked) -> tuple[str, ...]:
    """The question ids of what one turn asks (one, or a pair)."""
    return (asked,) if isinstance(asked, str) else tuple(asked)


def _alive(
    answered: int, d1: int, d2: int, eases: tuple[Pair, ...] = ()
) -> tuple[Urgency, list[tuple[Urgency, int]]]:
    """The level the answers already make certain, and the rules above it
    that the unasked questions could still fire (with their open question
    bits). The level is settled when no rule is alive."""
    least, worst = _bounds(answered, d1, d2)
    unanswered = ALL_BITS & ~answered
    floor = level_of(least)
    both = [BIT[a] | BIT[b] for a, b in eases]
    alive = [
        (level, (m1 | m2) & unanswered)
        for level, m1, m2, _, _ in RULE_MASKS
        if level > floor and worst.at_least_1 & m1 == m1 and worst.at_least_2 & m2 == m2
        and not any(m2 & pair == pair for pair in both)
    ]
    return floor, alive


@lru_cache(maxsize=65536)
def _next_question(
    answered: int, d1: int, d2: int, follow_up: tuple[str, ...], pairs: tuple[Pair, ...], eases: tuple[Pair, ...] = ()
) -> Asked | None:
    _, alive = _alive(answered, d1, d2, eases)
    if not alive:
        return None
    useful = 0
    for _, bits in alive:
        useful |= bits
    for qid in follow_up:
        if useful & BIT[qid]:
            return qid
    single = _next_single(answered, d1, alive, useful)
    for pair in pairs:
        if single in pair and all(useful & BIT[qid] for qid in pair):
            return pair
    return single


def _next_single(answered: int, d1: int, alive: list[tuple[Urgency, int]], useful: int) -> str:
    top = max(level for level, _ in alive)
    open_bits = [bits for level, bits in alive if level == top]
    if top is Urgency.EMERGENCY:
        sign = _next_emergency_sign(answered, d1, alive)
        if sign is not None:
            return sign
    # Spec v4, "Order": the history once the emergency signs are asked, so
    # that what follows fits the person (chemo_now before the fever question).
    if useful & _HISTORY_BIT:
        return "cancer_history"
    nearest = _nearest(open_bits)
    candidates = [q for q in QUESTIONS if BIT[q.id] & nearest]
    if top <= Urgency.SOON:
        # Among the rules closest to firing, the question most likely to
        # raise the level (the chance of a non-reassuring answer).
        return max(candidates, key=lambda q: (_RAISE_CHANCE[q.tier], sum(1 for b in open_bits if BIT[q.id] & b))).id
    return max(candidates, key=lambda q: sum(1 for bits in open_bits if BIT[q.id] & bits)).id


#: The emergency signs in the order asked (spec v4, "Order"): chest pain or
#: breathlessness first, the two tier-1 pairs, then numbness and band-like
#: pain, which need a second answer (cancer history) to be an emergency.
#: ``both_legs`` is not in the list: it is asked at once after a yes, a
#: little or not sure to numbness or band-like pain, and a "no" to both of
#: those settles it.
EMERGENCY_SIGNS = (
    "chest_or_breathing", "limb_weakness", "walking_difficulty", "bladder_bowel", "saddle_numbness",
    "numbness_tingling", "band_pain",
)


_SIGN_BITS = sum(BIT[qid] for qid in {*EMERGENCY_SIGNS, *ASKED_AT_ONCE_AFTER.values()})
_HISTORY_BIT = BIT["cancer_history"]


def _next_emergency_sign(answered: int, d1: int, alive: list[tuple[Urgency, int]]) -> str | None:
    """The next emergency sign: first a question asked at once after a
    worrying or unsure answer (``both_legs``), then an emergency one other
    answer away (after a "yes" to numbness, the history question), then
    the signs in ``EMERGENCY_SIGNS`` order. None once the signs are asked."""
    emergency = [bits for level, bits in alive if level is Urgency.EMERGENCY]
    for trigger, qid in ASKED_AT_ONCE_AFTER.items():
        if d1 & BIT[trigger] and not answered & BIT[qid] and any(bits & BIT[qid] for bits in emergency):
            return qid
    waiting = [bits for bits in emergency if bits.bit_count() == 1 and not bits & _SIGN_BITS]
    if waiting:
        return next(q.id for q in QUESTIONS if BIT[q.id] & waiting[0])
    for qid in EMERGENCY_SIGNS:
        if not answered & BIT[qid] and any(bits & BIT[qid] for bits in emergency):
            return qid
    return None


def _cause_steps(answered: int, worrying: int) -> Iterator[str]:
    """The cause phase's questions still due, in order: for each treatment
    not already denied, the symptom first, then the treatment only if the
    symptom is a yes. A denied (or unknown) treatment cannot be named, so its
    symptom is not asked for its sake."""
    for _, treatment, pattern in CAUSES:
        if answered & BIT[treatment] and not worrying & BIT[treatment]:
            continue
        if not answered & BIT[pattern]:
            yield pattern
        elif worrying & BIT[pattern] and not answered & BIT[treatment]:
            yield treatment


def _cause_question(answered: int, worrying: int) -> str | None:
    """Once the level is settled at soon or routine, the few questions that
    can explain the pain by its treatment (see ``_cause_steps``). Urgent and
    emergency results skip this: acting on them matters more than
    explaining them.
    """
    return next(_cause_steps(answered, worrying), None)


def settled_assessment(answers: Mapping[str, str]) -> Assessment:
    """The result of a finished interview.

    Unasked questions could not change the level, so they are filled with
    their reassuring value: the reasons then name only what was answered.
    """
    return _settled_assessment(*answer_masks(answers))


def _settled_assessment(answered: int, d1: int, d2: int, eases: tuple[Pair, ...] = ()) -> Assessment:
    if _alive(answered, d1, d2, eases)[1]:
        raise ValueError("the interview has not settled the level yet")
    return assessment_of(d1, d2)


#: A step's answer: yes, no or not sure; "partly" for "a little",
#: "sometimes" (the worrying side); "split" for "what?" on a pair (ask its
#: members one at a time); "more" for a hormone or bone drug named alone
#: (the question again as "anything else?").
STEP_ANSWERS = ("yes", "no", "unknown", "partly", "split", "more")


@dataclass
class Interview:
    """One check under way: what was asked, turn by turn, and the answers.

    The state is the list of steps (what was asked, what was said); every
    other field is derived by replaying them. So going back is dropping the
    last step, and a session from the wire is checked step by step against
    the questions the rules ask now.
    """

    steps: list[tuple[Asked, str]] = field(default_factory=list)
    #: The result was given and the person accepted the offer to hear
    #: whether a treatment could be causing the pain.
    explaining: bool = False
    pairs: tuple[Pair, ...] = PAIRS
    #: Answers kept from a session of an earlier interview whose questions
    #: still mean the same (``MEANING``): applied before the steps.
    carried: dict[str, str] = field(default_factory=dict)
    #: The session came from another interview (a deploy between two
    #: turns), or the question it says was heard is not the one asked now:
    #: the next answer is not applied; the current question is asked again.
    updated: bool = field(default=False, compare=False)
    # -- derived by _replay --------------------------------------------
    asked: list[str] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    #: Ids answered "a little" (the reason is worded for it).
    partly: set[str] = field(default_factory=set)
    #: A tier-1 pair answered "yes" as a whole: its first member stands
    #: for "one of the two" (same level and script); speech names both.
    either: dict[str, Pair] = field(default_factory=dict)
    #: Pairs asked the reassuring way round and answered "yes": at least one
    #: member eases the pain.
    eases: tuple[Pair, ...] = ()
    follow_up: tuple[str, ...] = ()
    question: Asked | None = None
    urgency: str | None = None
    reasons: list[str] = field(default_factory=list)
    #: The answers as bit masks (answered, degree >= 1, degree == 2), kept
    #: in step with ``answers`` so that no turn recomputes them.
    masks: tuple[int, int, int] = field(default=(0, 0, 0), compare=False, repr=False)
    _result: Assessment | None = field(default=None, compare=False, repr=False)

    # -- life cycle -------------------------------------------------------
    @classmethod
    def start(cls, pairs: tuple[Pair, ...] = PAIRS) -> Interview:
        interview = cls(pairs=pairs)
        interview._replay()
        return interview

    @classmethod
    def answered_from(cls, truth: Mapping[str, str], pairs: tuple[Pair, ...] = PAIRS) -> Interview:
        """The whole check of someone whose answers are ``truth`` (every
        question id to yes/no/unknown), a pair answered as its members
        would be: for simulations and reports. The cause offer is declined."""
        interview = cls.start(pairs)
        while not interview.finished:
            interview.answer(group_answer(interview.question, truth))
        return interview

    @property
    def finished(self) -> bool:
        """The result is known and nothing more is being asked."""
        return self.urgency is not None and self.question is None

    @property
    def level(self) -> Urgency | None:
        return Urgency.from_label(self.urgency) if self.urgency else None

    @property
    def items(self) -> tuple[str, ...]:
        """The ids of the question being asked (one, or a pair)."""
        return () if self.question is None else items_of(self.question)

    @property
    def certain(self) -> Urgency:
        """The level the answers so far already make certain (every
        unasked question at its least worrying): what "stop" still says."""
        return _alive(*self.masks, self.eases)[0]

    @property
    def wording(self) -> str:
        """Which form of the current question fits: "more" (a hormone or
        bone drug was named alone: "Anything else, like chemo?"),
        "treatment" (the fever question for someone on, or maybe on,
        cancer treatment), or "" (the plain form)."""
        if self.question is None or not isinstance(self.question, str):
            return ""
        if self.steps and self.steps[-1] == (self.question, MORE):
            return MORE
        if self.question in TREATMENT_FORM and self.answers.get("chemo_now") in ("yes", "unknown"):
            return "treatment"
        return ""

    @property
    def causes_due(self) -> bool:
        """After a soon or routine result: questions remain that could name
        a treatment-related cause (offered, never asked before the result)."""
        if self.urgency is None or self.level > Urgency.SOON or self.explaining:
            return False
        return _cause_question(self.masks[0], self.masks[2]) is not None

    def assessment(self) -> Assessment:
        """The result of the check (computed once per state)."""
        if self._result is None:
            self._result = _settled_assessment(*self.masks, self.eases)
        return self._result

    # -- moves ----------------------------------------------------------
    def answer(self, value: Answer | str) -> None:
        """Record the answer to the current question and move on."""
        if self.question is None:
            raise ValueError("no question is waiting for an answer")
        self._step(self.question, Answer(value).value)

    def answer_worrying(self) -> None:
        """'A little', 'sometimes', 'partly': the worrying side of the question."""
        if self.question is None:
            raise ValueError("no question is waiting for an answer")
        self._step(self.question, "partly")

    def ask_more(self) -> bool:
        """A hormone or bone drug named alone at ``chemo_now`` (or a drug
        that is not an aromatase inhibitor at ``aromatase_inhibitor``):
        ask once "anything else?" instead of taking it as a plain no.
        False if it was asked already (then the caller decides)."""
        if not isinstance(self.question, str) or self.wording == MORE:
            return False
        self._step(self.question, MORE)
        return True

    def split(self) -> bool:
        """'What?' on a pair: ask its members one at a time. False if the
        question is not a pair."""
        if len(self.items) < 2:
            return False
        self._step(self.question, "split")
        return True

    def explain_causes(self) -> None:
        """The person accepted the offer after a soon result."""
        self.explaining = True
        self._replay()

    def go_back(self) -> bool:
        """Undo the last answer and ask that question again.

        Returns False when there was nothing to undo.
        """
        if not self.steps:
            return False
        asked_again = self.steps.pop()[0]
        self._replay()
        if self.question != asked_again and self.explaining:
            # Back out of the cause questions into the result.
            self.explaining = False
            self._replay()
        return True

    def then(self, asked: Asked, said: str) -> Interview:
        """A copy with one more step, without replaying the others (for
        looking ahead: landmarks, the decision-tree proof)."""
        child = Interview(
            steps=list(self.steps), explaining=self.explaining, pairs=self.pairs, carried=self.carried,
            asked=list(self.asked), answers=dict(self.answers), partly=set(self.partly), either=dict(self.either),
            eases=self.eases, follow_up=self.follow_up, masks=self.masks,
        )
        child._step(asked, said)
        return child

    def _step(self, asked: Asked, said: str) -> None:
        """One more step: record what was said, then find what comes next."""
        self.steps.append((asked, said))
        self._record(asked, said)
        self._ask_next()

    def _replay(self) -> bool:
        """Derive the state from the steps, stopping at the first step that
        does not match the question the rules ask at that point. False if
        a step was dropped so."""
        steps, self.steps = self.steps, []
        self.asked, self.answers, self.partly, self.either, self.follow_up = [], {}, set(), {}, ()
        self.eases = ()
        self.masks = (0, 0, 0)
        self._result = None
        for qid, value in self.carried.items():
            self._set(qid, value)
        self._ask_next()
        for asked, said in steps:
            if asked != self.question or said not in STEP_ANSWERS:
                return False
            self._step(asked, said)
        return True

    def _record(self, asked: Asked, said: str) -> None:
        items = items_of(asked)
        if said == MORE:
            return  # the same question again, in its "anything else?" form
        self.asked.extend(q for q in items if q not in self.asked)
        if len(items) == 1:
            qid = items[0]
            self.follow_up = tuple(q for q in self.follow_up if q != qid)
            if said == "partly":
                self.partly.add(qid)
                said = BY_ID[qid].worrying.value
            elif said == BY_ID[qid].worrying.value:
                # "Rest or painkillers ease it" and rest doesn't: painkillers do.
                for pair in self.eases:
                    if qid in pair:
                        other = pair[1] if pair[0] == qid else pair[0]
                        if other not in self.answers:
                            self._set(other, BY_ID[other].reassuring.value)
                            self.follow_up = tuple(q for q in self.follow_up if q != other)
            self._set(qid, said)
            return
        if said == "no":
            for qid in items:
                self._set(qid, "no")
        elif said == "yes" and asked in REASSURING_PAIRS:
            self.eases = (*self.eases, asked)  # at least one eases it: ask members only where it matters
            self.follow_up = items
        elif said in ("yes", "partly") and BY_ID[items[0]].tier == 1:
            self.either[items[0]] = asked  # act at once: same level and script
            self._set(items[0], "yes")
        else:  # yes, a little, not sure or what?: one at a time
            self.follow_up = items

    def _set(self, qid: str, value: str) -> None:
        self._put(qid, value)
        for implied, implied_value in IMPLIED.get((qid, value), {}).items():
            if implied not in self.answers:
                self._put(implied, implied_value)
        for together, implied_answers in IMPLIED_BY_ALL:
            if all(self.answers.get(q) == v for q, v in together):
                for implied, implied_value in implied_answers.items():
                    if implied not in self.answers:
                        self._put(implied, implied_value)

    def _put(self, qid: str, value: str) -> None:
        self.answers[qid] = value
        answered, d1, d2 = self.masks
        bit, a1, a2 = answer_bits(qid, value)
        self.masks = (answered | bit, (d1 & ~bit) | a1, (d2 & ~bit) | a2)

    def _ask_next(self) -> None:
        self._result = None
        self.question = _next_question(*self.masks, self.follow_up, self.pairs, self.eases)
        if self.question is None:
            result = self.assessment()
            self.urgency = result.level.label
            self.reasons = list(result.reasons)
            if self.explaining:
                self.question = _cause_question(self.masks[0], self.masks[2])
        else:
            self.urgency = None
            self.reasons = []

    # -- session attributes ----------------------------------------------
    def to_attributes(self) -> dict[str, Any]:
        """The conversation contract's ``triage`` attribute, with what it
        takes to rebuild the check after a deploy: the interview's version
        and, per question answered, the version of its meaning."""
        return {
            "question": list(self.question) if isinstance(self.question, tuple) else self.question,
            "asked": list(self.asked),
            "answers": dict(self.answers),
            "urgency": self.urgency,
            "reasons": list(self.reasons),
            "steps": [[list(q) if isinstance(q, tuple) else q, a] for q, a in self.steps],
            "explaining": self.explaining,
            "carried": dict(self.carried),
            "version": INTERVIEW_VERSION,
            "meanings": {qid: MEANING[qid] for qid in self.answers},
        }

    @classmethod
    def from_attributes(cls, data: Mapping[str, Any] | None) -> Interview | None:
        """Rebuild from session attributes; None if absent or unusable.

        Data from the wire is checked, not trusted: the steps are replayed
        against the rules, and the first that does not fit ends the replay.
        A session of another interview version keeps only the answers whose
        question still means the same, and is marked ``updated``; so is one
        whose question (what the person heard) is not the one asked now.
        """
        if not isinstance(data, Mapping) or not isinstance(data.get("steps"), list):
            return None
        if data.get("version") != INTERVIEW_VERSION:
            interview = cls(carried=_still_meant(data))
            interview._replay()
            interview.updated = bool(data["steps"])
            return interview
        steps: list[tuple[Asked, str]] = []
        for step in data["steps"]:
            if not (isinstance(step, list) and len(step) == 2 and isinstance(step[1], str)):
                break
            asked = step[0]
            if isinstance(asked, list) and len(asked) == 2 and all(isinstance(q, str) for q in asked):
                asked = (asked[0], asked[1])
            elif not isinstance(asked, str):
                break
            steps.append((asked, step[1]))
        carried = data.get("carried")
        interview = cls(steps=steps, explaining=data.get("explaining") is True, carried=_valid_answers(carried))
        complete = interview._replay() and len(interview.steps) == len(data["steps"])
        if interview.explaining and interview.urgency is None:
            interview.explaining = False
        heard = data.get("question")
        heard = tuple(heard) if isinstance(heard, list) else heard
        interview.updated = not complete or heard != interview.question
        return interview


#: The interview's version, carried in the session: a session saved by
#: another version is rebuilt from the answers that still mean the same.
INTERVIEW_VERSION = 4
#: Per question, the interview version in which its meaning last changed
#: (spec v4 narrowed the cord and nerve signs, changed what chemo_now and
#: the fever question cover, and added or replaced six ids). An answer from
#: a session of version V is kept only if its question's meaning is the one
#: the session recorded (or, for sessions before meanings were recorded,
#: if it has not changed since V).
MEANING: dict[str, int] = {q.id: 1 for q in QUESTIONS} | dict.fromkeys((
    "chest_or_breathing", "limb_weakness", "walking_difficulty", "bladder_bowel", "numbness_tingling", "band_pain",
    "both_legs", "chemo_now", "fever_chills", "progressive_pain", "upper_spine", "aromatase_inhibitor",
    "breast_surgery",
), 4)
#: Ids of earlier interviews, for speaking a stored result's reasons.
FORMER_IDS = {"constant_progressive": "progressive_pain", "upper_back_shoulder": "upper_spine"}
#: Questions with a form for someone on (or maybe on) cancer treatment.
TREATMENT_FORM = ("fever_chills",)
#: The step of a question asked again as "anything else?".
MORE = "more"


def _valid_answers(data: Any) -> dict[str, str]:
    """Answers from the wire, keeping only known ids and values."""
    if not isinstance(data, Mapping):
        return {}
    return {qid: v for qid, v in data.items() if qid in BY_ID and v in ("yes", "no", "unknown")}


def _still_meant(data: Mapping[str, Any]) -> dict[str, str]:
    """The answers of a session from another interview version whose
    questions still mean what they meant when answered."""
    version = data.get("version")
    version = version if isinstance(version, int) and not isinstance(version, bool) else 3
    meanings = data.get("meanings") if isinstance(data.get("meanings"), Mapping) else {}
    kept = {}
    for qid, value in _valid_answers(data.get("answers")).items():
        recorded = meanings.get(qid)
        same = recorded == MEANING[qid] if recorded is not None else MEANING[qid] <= version
        if same:
            kept[qid] = value
    return kept


def consistent(truth: Mapping[str, str]) -> dict[str, str]:
    """``truth`` with what its answers imply (``IMPLIED``) put in place:
    the answers of a person who answers every question consistently."""
    fixed = dict(truth)
    for (qid, value), implied in IMPLIED.items():
        if fixed.get(qid) == value:
            fixed.update(implied)
    return fixed


def group_answer(asked: Asked, truth: Mapping[str, str]) -> str:
    """How a person answers ``asked`` given their answers to every id: a
    pair is "yes" if either member is worrying, else "not sure" if either
    is unknown, else "no" (every pair member's worrying answer is yes)."""
    if isinstance(asked, str):
        return truth[asked]
    values = [truth[qid] for qid in asked]
    if "yes" in values:
        return "yes"
    return "unknown" if "unknown" in values else "no"


def questions_left(interview: Interview, limit: int = 2) -> int | None:
    """How many questions are left, the current one included, if that is
    the same whatever the answers (a pair's follow-ups count) and at most
    ``limit``; else None. So "last question" and "two more questions" are
    said only when exactly true."""
    # Most checks are far from the end: if reassuring answers alone leave
    # more than ``limit`` questions, no need to look down every branch.
    state = interview
    for _ in range(limit):
        if state.question is None:
            break
        state = state.then(state.question, _reassuring(state.question))
    if state.question is not None:
        return None
    counts = _left(interview, limit)
    if len(counts) == 1 and 0 < (left := next(iter(counts))) <= limit:
        return left
    return None


def _reassuring(asked: Asked) -> str:
    return BY_ID[asked].reassuring.value if isinstance(asked, str) else "no"


def _left(state: Interview, limit: int) -> set[int]:
    """Every number of questions left on some path (``limit + 1`` stands
    for "more than the limit")."""
    if state.question is None:
        return {0}
    if limit == 0:
        return {1}  # at least one more: more than the caller's limit
    counts: set[int] = set()
    for said in ("yes", "no", "unknown"):
        counts |= {1 + n for n in _left(state.then(state.question, said), limit - 1)}
    return counts


def cause_questions_left(interview: Interview) -> int | None:
    """How many cause questions the offer after a soon result would ask,
    if that is the same whatever the answers; else None ("a few")."""
    state = Interview(
        steps=list(interview.steps), explaining=True, pairs=interview.pairs, carried=dict(interview.carried)
    )
    state._replay()
    counts = _cause_counts(state)
    return counts.pop() if len(counts) == 1 else None


def _cause_counts(state: Interview, depth: int = 0) -> set[int]:
    if state.question is None or depth > 8:
        return {0}
    counts: set[int] = set()
    for said in ("yes", "no", "unknown"):
        counts |= {1 + n for n in _cause_counts(state.then(state.question, said), depth + 1)}
    return counts
