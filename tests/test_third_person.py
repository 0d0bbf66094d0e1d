"""Every third-person string fills in for every pronoun of its locale."""

import re
import string

import pytest

from skill.locales import available_locales, load, words

LOCALES = available_locales()


def leaves(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, f"{path}.{key}" if path else key)
    elif isinstance(node, str):
        yield path, node


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("locale", LOCALES)
def test_third_person_strings_leave_only_the_base_strings_placeholders(locale):
    data = words(locale)
    others = {path: text for path, text in leaves(data) if path.endswith("_other")}
    assert others, "the locale has no third-person words"
    for pronoun in data["pronouns"]:
        strings = load(locale).about(pronoun)
        for path in others:
            base = path[: -len("_other")]
            rendered = strings[base]
            assert placeholders(rendered) <= placeholders(data_at(data, base)), (pronoun, path, rendered)
            assert not re.search(r"\{(she|her|obj|Her|She)\}", rendered)


def data_at(data, dotted):
    for part in dotted.split("."):
        data = data[part]
    return data
