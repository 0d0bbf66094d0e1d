"""How many answers a person gives before hearing a result (a pair asked
together counts once; the cause questions after a soon result are an
offer, declined here).

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
from itertools import combinations

from skill.conversation import Interview, consistent
from skill.triage import (
    ALL_BITS,
    BIT,
    BY_ID,
    CAUSES,
    CORD_SIGNS,
    GENERAL_SIGNS,
    NERVE_SIGNS,
    PAIRS,
    QUESTIONS,
    REASSURING_PAIRS,
    Urgency,
    Worry,
    answer_masks,
    assess,
    level_of,
)

REASSURING = {q.id: q.reassuring.value for q in QUESTIONS}


questions_asked = Interview.answered_from


def answers_given(truth: Mapping[str, str], pairs=PAIRS) -> int:
    """How many times the person answers before the result."""
    return len(questions_asked(truth, pairs).steps)


def generated(n: int, seed: int = 7, pairs=PAIRS) -> list[int]:
    rng = random.Random(seed)
    counts = []
    for _ in range(n):
        truth = consistent({
            q.id: rng.choices([q.reassuring.value, q.worrying.value, "unknown"], weights=[75, 15, 10])[0]
            for q in QUESTIONS
        })
        counts.append(answers_given(truth, pairs))
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
        truth = consistent(truth)
        if assess(truth).level <= Urgency.SOON:
            people.append(truth)
    return people


def survivors_routine_or_soon(n: int, seed: int = 11, pairs=PAIRS) -> list[int]:
    return [answers_given(truth, pairs) for truth in survivor_answers(n, seed)]


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


def lowest_possible(truth: Mapping[str, str], pairs=PAIRS) -> int:
    """The fewest answers that settle this person's level, for an
    interview that may ask the spec's pairs together and knows every answer
    in advance: a settled set of questions costs one answer per question,
    less one for each pair in it whose members are both reassuring (asked
    together, answered "no" at once). No interview that stops by the
    spec's rule can do better.

    Every pivotal question (another answer to it alone changes the level)
    is in every settled set, so the search starts from them and adds the
    others by combinations of increasing size, until no larger set could
    cost less.
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
    # A pair settles both members with one answer when its "no" is true of
    # both: both reassuring, or, asked the reassuring way round (rest or
    # painkillers ease it?), both worrying ("yes" there settles neither).
    quiet = [
        BIT[x] | BIT[y] for x, y in pairs
        if truth[x] == truth[y] == (BY_ID[x].worrying if (x, y) in REASSURING_PAIRS else BY_ID[x].reassuring).value
    ]
    rest = [BIT[q.id] for q in QUESTIONS if not pivotal & BIT[q.id]]
    best = None
    for size in range(len(rest) + 1):
        if best is not None and pivotal.bit_count() + size - len(quiet) >= best:
            break
        for extra in combinations(rest, size):
            asked = pivotal | sum(extra)
            if _settled(asked, d1 & asked, d2 & asked):
                cost = asked.bit_count() - sum(1 for bits in quiet if asked & bits == bits)
                best = cost if best is None else min(best, cost)
    assert best is not None, "asking every question settles the level"
    return best


def survivors_against_the_lowest(n: int, seed: int = 11) -> dict[str, list[int]]:
    """Per survivor: answers given, and the lowest possible with the pairs."""
    rows: dict[str, list[int]] = {"asked": [], "lowest": []}
    for truth in survivor_answers(n, seed):
        rows["asked"].append(answers_given(truth))
        rows["lowest"].append(lowest_possible(truth))
    return rows


def pair_choices(n: int = 1000) -> list[tuple[str, float, float]]:
    """The interview with each subset of the tier-2 pairs (the tier-1 pairs
    always: they bring every emergency sign sooner): median answers for
    survivors heading for routine or soon, and for generated answer sets."""
    tier_2 = [pair for pair in PAIRS if BY_ID[pair[0]].tier == 2]
    rows = []
    for k in range(len(tier_2) + 1):
        for chosen in combinations(tier_2, k):
            pairs = tuple(p for p in PAIRS if BY_ID[p[0]].tier == 1 or p in chosen)
            name = ", ".join("+".join(p) for p in chosen) or "(no tier-2 pair)"
            rows.append((name, statistics.median(survivors_routine_or_soon(n, pairs=pairs)),
                         statistics.median(generated(n, pairs=pairs))))
    return rows


# -- one emergency sign ---------------------------------------------------------
def single_emergency_signs() -> dict[str, int]:
    """Answers until the emergency advice for one sign, everything else
    reassuring (a survivor). Pain down both legs is asked after a yes to
    numbness or to a shooting pain (a "no" to both settles it), so it is
    counted after each of those."""
    signs = {}
    for qid in (*GENERAL_SIGNS, *CORD_SIGNS, *NERVE_SIGNS):
        if qid == "both_legs":
            continue
        interview = questions_asked(dict(REASSURING, cancer_history="yes", **{qid: BY_ID[qid].worrying.value}))
        assert interview.level is Urgency.EMERGENCY
        signs[qid] = len(interview.steps)
    for via in NERVE_SIGNS:
        interview = questions_asked(dict(REASSURING, cancer_history="no", both_legs="yes", **{via: "yes"}))
        assert interview.level is Urgency.EMERGENCY
        signs[f"both_legs (after {via})"] = len(interview.steps)
    fever = questions_asked(dict(REASSURING, cancer_history="yes", fever_chills="yes", chemo_now="yes"))
    signs["fever_chills + chemo_now"] = len(fever.steps)
    return signs


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
    rows = survivors_against_the_lowest(2000)
    print(summary("survivors whose answers lead to routine or soon (cause offer declined)", rows["asked"]))
    print("the same survivors against the fewest answers any interview using the spec's pairs could take")
    print("(chosen knowing every answer in advance):")
    print(side_by_side(rows["asked"], rows["lowest"]))
    print()
    print("which tier-2 pairs to ask together (median answers: survivors routine/soon, generated):")
    for name, survivors, random_sets in sorted(pair_choices(), key=lambda r: (r[1], r[2])):
        print(f"  {survivors:>5} {random_sets:>4}  {name}")
    print()
    print("one emergency sign (survivor, all else reassuring): answers until the emergency advice")
    for sign, n in single_emergency_signs().items():
        print(f"  {sign:<26} {n}")


if __name__ == "__main__":
    main()
