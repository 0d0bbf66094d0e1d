"""How many questions a person answers before hearing a result.

Run: ``make report-questions`` (or ``python -m reports.questions``).
Three populations, all simulated through the real interview:
- generated answer sets: each answer no 75%, yes 15%, unknown 10%
  ("no" meaning the reassuring answer);
- survivors whose honest answers lead to routine or soon;
- one emergency sign, every other answer reassuring, cancer history yes.
"""

from __future__ import annotations

import random
import statistics
from collections import Counter

from skill.conversation import Interview
from skill.triage import BY_ID, QUESTIONS, UNCONDITIONAL_EMERGENCY_SIGNS, Urgency, assess

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


def survivors_routine_or_soon(n: int, seed: int = 11) -> list[int]:
    """Survivors (history yes) with few worrying answers, kept when their
    full answers lead to routine or soon."""
    rng = random.Random(seed)
    counts = []
    while len(counts) < n:
        truth = dict(REASSURING, cancer_history="yes")
        for q in QUESTIONS:
            if q.tier == 3 and q.id != "cancer_history" and rng.random() < 0.4:
                truth[q.id] = q.worrying.value
        if assess(truth).level <= Urgency.SOON:
            counts.append(len(questions_asked(truth).asked))
    return counts


def single_emergency_signs() -> dict[str, int]:
    signs = {}
    for qid in (*UNCONDITIONAL_EMERGENCY_SIGNS, "numbness_tingling", "band_pain"):
        interview = questions_asked(dict(REASSURING, cancer_history="yes", **{qid: BY_ID[qid].worrying.value}))
        assert interview.level is Urgency.EMERGENCY
        signs[qid] = len(interview.asked)
    fever = questions_asked(dict(REASSURING, cancer_history="yes", fever_chills="yes", chemo_now="yes"))
    signs["fever_chills + chemo_now"] = len(fever.asked)
    return signs


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


def main() -> None:
    print(summary("generated answer sets (no 75%, yes 15%, unknown 10%)", generated(20000)))
    print()
    print(summary("survivors whose answers lead to routine or soon", survivors_routine_or_soon(5000)))
    print()
    print("one emergency sign (survivor, all else reassuring): answers until the emergency advice")
    for sign, n in single_emergency_signs().items():
        print(f"  {sign:<26} {n}")


if __name__ == "__main__":
    main()
