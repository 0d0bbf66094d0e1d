"""Every rule traced to its source and its tests (issue 14).

Generated from ``skill.triage.RULES`` by ``reports.safety_case.rule_cases``:
for each rule a firing test (its minimal answers: each condition at its
least worrying satisfying value, everything else reassuring) that asserts
the rule *decides* the level, and for each condition a non-firing test with
that condition relaxed. The test ids are the ones
docs/clinical-safety/traceability.md names.
"""

import pytest

from reports.safety_case import ANCHORS, check_case, rule_cases, rule_problems
from skill.triage import RULES, Urgency, assess

CASES = rule_cases()
FIRES = [c for c in CASES if c.fires]
MISSES = [c for c in CASES if not c.fires]


@pytest.mark.parametrize("case", FIRES, ids=[c.param for c in FIRES])
def test_rule_fires(case):
    rule = next(r for r in RULES if r.id == case.rule)
    result = assess(case.answers)
    assert check_case(case) is None, check_case(case)
    assert result.level is rule.level and rule.id in result.rules


@pytest.mark.parametrize("case", MISSES, ids=[c.param for c in MISSES])
def test_rule_does_not_fire(case):
    rule = next(r for r in RULES if r.id == case.rule)
    result = assess(case.answers)
    assert check_case(case) is None, check_case(case)
    assert result.level <= rule.level and rule.id not in result.rules


def test_every_rule_has_a_source_and_a_rationale():
    assert rule_problems() == [], (
        "every rule in skill/triage.py needs a source naming one of " + ", ".join(ANCHORS)
        + " (a safer-than-spec choice as 'project: safer than spec: <reason>') and a one-line rationale"
    )


def test_every_rule_has_a_firing_test_and_a_non_firing_test_per_condition():
    for rule in RULES:
        assert [c.rule for c in FIRES].count(rule.id) == 1
        relaxed = {c.param.split("-")[2] for c in MISSES if c.rule == rule.id and "-without-" in c.param}
        assert relaxed == {q for q in rule.questions}, rule.id


def test_rule_ids_are_unique_and_name_their_level():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        assert rule.id.split(".")[0] == rule.level.label, rule.id


def test_every_level_but_routine_has_rules():
    assert {r.level for r in RULES} == {Urgency.EMERGENCY, Urgency.URGENT, Urgency.SOON}
