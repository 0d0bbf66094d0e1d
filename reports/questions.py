"""How many questions a person answers before hearing a result.

Run: ``make report-questions`` (or ``python -m reports.questions``).
Three populations, all simulated through the real interview:
- generated answer sets: each answer no 75%, yes 15%, unknown 10%
  ("no" meaning the reassuring answer);
- survivors whose honest answers lead to routine or soon, compared with the
  fewest questions any interview that follows the spec could ask them;
- one emergency sign, every other answer reassuring, cancer history yes,
  with the proof that band pain cannot be reached sooner.
"""

from __future__ import annotations

import random
import statistics
from collections import Counter
from collections.abc import Mapping
from itertools import combinations, permutations

from skill.conversation import Interview
from skill.triage import (
    ALL_BITS,
    BIT,
    BY_ID,
    CAUSES,
    QUESTIONS,
    UNCONDITIONAL_EMERGENCY_SIGNS,
    Urgency,
    Worry,
    answer_masks,
    assess,
    level_of,
)

REASSURING = {q.id: q.reassuring.value for q in QUESTIONS}


questions_asked = Interview.answered_from


def generated(n: int, seed: int = 7) -> list[int]:
    rng = random.Random(seed)
    counts = []
    for _ in range(n):
        truth = {
            q.id: rng.choices([q.reassuring.value, q.worrying.value, "unknown"], weights=[75, 15, 10])[0]
            for q in QUESTIONS
        }
        counts.append(len(questions_asked(truth).asked))
    return counts


def survivor_answers(n: int, seed: int = 11) -> list[dict[str, str]]:
    """Survivors (history yes) with few worrying answers, kept when their
    full answers lead to routine or soon."""
    rng = random.Random(seed)
    people = []
    while len(people) < n:
        truth = dict(REASSURING, cancer_history="yes")
        for q in QUESTIONS:
            if q.tier == 3 and q.id != "cancer_history" and rng.random() < 0.4:
                truth[q.id] = q.worrying.value
        if assess(truth).level <= Urgency.SOON:
            people.append(truth)
    return people


def survivors_routine_or_soon(n: int, seed: int = 11) -> list[int]:
    return [len(questions_asked(truth).asked) for truth in survivor_answers(n, seed)]


# -- the lower bound ----------------------------------------------------------
def _settled(answered: int, d1: int, d2: int) -> bool:
    """The spec's early stop: the least and most worrying fill of the
    unasked questions give the same level."""
    unanswered = ALL_BITS & ~answered
    return level_of(Worry(d1, d2)) == level_of(Worry(d1 | unanswered, d2 | unanswered))


def _causes_known(answered: int, truth: Mapping[str, str]) -> bool:
    """Each treatment-related cause is decided as the cause phase decides it:
    the treatment answered other than yes, or the symptom answered other
    than yes, or both answered."""
    for _, treatment, pattern in CAUSES:
        t, p = BIT[treatment], BIT[pattern]
        treatment_denied = answered & t and truth[treatment] != "yes"
        if not (treatment_denied or (answered & p and (truth[pattern] != "yes" or answered & t))):
            return False
    return True


def lowest_possible(truth: Mapping[str, str], *, with_causes: bool = False) -> int:
    """The fewest questions that settle this person's level (the minimum
    certificate): no interview that stops by the spec's rule, in any order,
    can ask fewer. ``with_causes``: also decide each treatment-related cause
    as the cause phase does (only when the level is soon or routine).

    Every pivotal question (another answer to it alone changes the level)
    is in every certificate, so the search starts from them and adds the
    other questions by combinations of increasing size.
    """
    _, d1, d2 = answer_masks(truth)
    level = level_of(Worry(d1, d2))
    pivotal = 0
    for q in QUESTIONS:
        b = BIT[q.id]
        for o1, o2 in ((0, 0), (b, 0), (b, b)):
            if level_of(Worry(d1 & ~b | o1, d2 & ~b | o2)) != level:
                pivotal |= b
                break
    causes = with_causes and level <= Urgency.SOON
    rest = [BIT[q.id] for q in QUESTIONS if not pivotal & BIT[q.id]]
    for size in range(len(rest) + 1):
        for extra in combinations(rest, size):
            asked = pivotal | sum(extra)
            if _settled(asked, d1 & asked, d2 & asked) and (not causes or _causes_known(asked, truth)):
                return asked.bit_count()
    raise AssertionError("asking every question settles the level")


def level_questions(interview: Interview) -> int:
    """How many answers the interview took to settle the level (the rest,
    if any, are the cause phase)."""
    answered = d1 = d2 = 0
    for count, qid in enumerate(interview.asked):
        if _settled(answered, d1, d2):
            return count
        _, a1, a2 = answer_masks({qid: interview.answers[qid]})
        answered, d1, d2 = answered | BIT[qid], d1 | a1, d2 | a2
    return len(interview.asked)


def survivors_against_the_lowest(n: int, seed: int = 11) -> dict[str, list[int]]:
    """Per survivor: questions asked (all, and until the level settled), and
    the lowest possible (the level alone, and with the causes decided)."""
    rows: dict[str, list[int]] = {"asked": [], "lowest": [], "level": [], "lowest level": []}
    for truth in survivor_answers(n, seed):
        interview = questions_asked(truth)
        rows["asked"].append(len(interview.asked))
        rows["lowest"].append(lowest_possible(truth, with_causes=True))
        rows["level"].append(level_questions(interview))
        rows["lowest level"].append(lowest_possible(truth))
    return rows


# -- one emergency sign ---------------------------------------------------------
def single_emergency_signs() -> dict[str, int]:
    signs = {}
    for qid in (*UNCONDITIONAL_EMERGENCY_SIGNS, "numbness_tingling", "band_pain"):
        interview = questions_asked(dict(REASSURING, cancer_history="yes", **{qid: BY_ID[qid].worrying.value}))
        assert interview.level is Urgency.EMERGENCY
        signs[qid] = len(interview.asked)
    fever = questions_asked(dict(REASSURING, cancer_history="yes", fever_chills="yes", chemo_now="yes"))
    signs["fever_chills + chemo_now"] = len(fever.asked)
    return signs


HISTORY_SIGNS = ("numbness_tingling", "band_pain")


def fewest_answers_for_every_emergency_sign() -> int:
    """The fewest answers that bring every one of the six emergency signs to
    the emergency advice, over every order of the questions involved.

    Until a first worrying answer everyone hears the same questions, so the
    orders of the seven questions involved (the six signs and the cancer
    history that numbness and band pain need) are enumerated: a sign reaches
    the emergency at its place, or one later when it needs the history and
    the history comes after it (asked next, at best).
    """
    ids = (*UNCONDITIONAL_EMERGENCY_SIGNS, *HISTORY_SIGNS, "cancer_history")
    best = len(ids) + 1
    for order in permutations(ids):
        place = {qid: i + 1 for i, qid in enumerate(order)}
        worst = max(
            *(place[s] for s in UNCONDITIONAL_EMERGENCY_SIGNS),
            *(place[s] + (place["cancer_history"] > place[s]) for s in HISTORY_SIGNS),
        )
        best = min(best, worst)
    return best


# -- printing -----------------------------------------------------------------
def histogram(counts: list[int]) -> str:
    tally = Counter(counts)
    width = max(tally.values())
    return "\n".join(f"  {k:>3} | {'#' * max(1, round(40 * v / width))} {v}" for k, v in sorted(tally.items()))


def summary(name: str, counts: list[int]) -> str:
    q = statistics.quantiles(counts, n=10)
    return (
        f"{name}: n={len(counts)} median={statistics.median(counts)} p90={q[-1]:.0f} max={max(counts)}\n"
        + histogram(counts)
    )


def side_by_side(asked: list[int], lowest: list[int]) -> str:
    share = sum(a == b for a, b in zip(asked, lowest, strict=True)) / len(asked)
    gaps = Counter(a - b for a, b in zip(asked, lowest, strict=True))
    return (
        f"  asked:           median={statistics.median(asked)} min={min(asked)} max={max(asked)}\n"
        f"  lowest possible: median={statistics.median(lowest)} min={min(lowest)} max={max(lowest)}\n"
        f"  asked == lowest: {share:.0%}; extra questions: "
        + ", ".join(f"+{gap} x{n}" for gap, n in sorted(gaps.items()))
    )


def main() -> None:
    print(summary("generated answer sets (no 75%, yes 15%, unknown 10%)", generated(20000)))
    print()
    rows = survivors_against_the_lowest(5000)
    print(summary("survivors whose answers lead to routine or soon", rows["asked"]))
    print("the same survivors against the fewest questions any spec-conforming interview could ask them")
    print("(chosen knowing every answer in advance); the whole check, causes decided as the cause phase does:")
    print(side_by_side(rows["asked"], rows["lowest"]))
    print("until the level is settled, against its minimum certificate (cause questions that can settle")
    print("the level are asked before it is settled, since they are due anyway: so they count here):")
    print(side_by_side(rows["level"], rows["lowest level"]))
    print()
    print("one emergency sign (survivor, all else reassuring): answers until the emergency advice")
    for sign, n in single_emergency_signs().items():
        print(f"  {sign:<26} {n}")
    print(
        f"  the fewest answers any order can bring all six signs to the advice in: "
        f"{fewest_answers_for_every_emergency_sign()}; fever on chemotherapy comes after the six signs"
        " (each of them is an emergency alone), so it needs fever and chemo_now after them"
    )


if __name__ == "__main__":
    main()
