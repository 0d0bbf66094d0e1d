"""The answer corpus (tests/corpus/), said through virtual-alexa to the web
service under gunicorn: every phrase of every locale reaches the skill as
its intent, and the conflicts decided there stay decided.

The intent checked is the one in the request envelope virtual-alexa posted
(driver.js records it with ``VirtualAlexa.filter``, just before the HTTP
call), so it is what the skill received. One node process per locale runs
all of that locale's phrases (a few seconds).
"""

from __future__ import annotations

from tests import corpus as corpora

from .harness import LAUNCH, Model, Server, run_script


def _run(model: Model, server: Server, steps: list) -> dict:
    code, result, stderr = run_script({"url": server.url, "modelFile": str(model.path), "locale": model.locale,
                                       "steps": steps, "keepGoing": True}, timeout=300)
    assert result is not None, stderr
    return result


def test_every_corpus_phrase_reaches_the_skill_as_its_intent(model: Model, skill_server: Server):
    corpus = corpora.load(model.locale)
    phrases = corpus.items()
    steps = [{"say": model.launch, "expect": LAUNCH}] + [{"say": p, "expect": i} for i, p in phrases]
    result = _run(model, skill_server, steps)
    assert result["ok"], f"{model.locale}:\n" + "\n".join(result["errors"])
    received = [(step["say"], step["request"]["intent"]) for step in result["steps"][1:]]
    assert received == [(p, i) for i, p in phrases]
    silent = [step["say"] for step in result["steps"] if not step["response"]["response"].get("outputSpeech")]
    assert not silent, f"{model.locale}: no speech after {silent}"


def resolved_id(request: dict, slot: str) -> str | None:
    """The id of the first value a slot resolved to, as the skill receives it."""
    try:
        authority = request["slots"][slot]["resolutions"]["resolutionsPerAuthority"][0]
        return authority["values"][0]["value"]["id"] if authority["status"]["code"] == "ER_SUCCESS_MATCH" else None
    except (KeyError, IndexError, TypeError):
        return None


def test_every_corpus_slot_reaches_the_skill_resolved_to_its_id(model: Model, skill_server: Server):
    """ "I'm on Kisqali" arrives as MedicineIntent with medicine resolved to id
    systemic; "I can't walk" as EmergencyIntent with sign resolved to walking."""
    cases = corpora.load(model.locale).slot_ids
    steps = [{"say": model.launch, "expect": LAUNCH}] + [{"say": p, "expect": i} for i, _, _, p in cases]
    result = _run(model, skill_server, steps)
    assert result["ok"], f"{model.locale}:\n" + "\n".join(result["errors"])
    wrong = [(phrase, value_id, resolved_id(step["request"], slot))
             for (_, slot, value_id, phrase), step in zip(cases, result["steps"][1:], strict=True)
             if resolved_id(step["request"], slot) != value_id]
    assert not wrong, f"{model.locale}: (phrase, meant, resolved): {wrong}"


def test_the_conflicts_decided_in_the_corpus_hold_in_virtual_alexa(model: Model, skill_server: Server):
    never = corpora.load(model.locale).never
    result = _run(model, skill_server, [model.launch] + [d["say"] for d in never])
    for decision, step in zip(never, result["steps"][1:], strict=True):
        reached = step.get("intent")
        if decision["now"] is None:  # not understood: the skill asks again
            assert "does not resolve" in step.get("error", ""), f"{model.locale}: {decision['say']!r} -> {reached}"
        else:
            assert reached == decision["now"], f"{model.locale}: {decision['say']!r} -> {reached}"
        assert reached not in decision["not"]
