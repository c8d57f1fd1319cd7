import pytest
from django.template import Context, Template
from django.utils import translation

from solozere.core.templatetags.french_plurals import french_count

TEMPLATE = Template(
    "{% load i18n french_plurals %}{% blocktranslate count form=total|french_count with counter=total %}"
    "{{ counter }} lieu{% plural %}{{ counter }} lieux{% endblocktranslate %}"
)


@pytest.mark.parametrize(("total", "expected"), [(0, "0 lieu"), (1, "1 lieu"), (2, "2 lieux"), (10, "10 lieux")])
def test_french_takes_the_singular_for_0_and_1(total, expected):
    with translation.override("fr"):
        assert TEMPLATE.render(Context({"total": total})) == expected


def test_english_keeps_its_own_rule():
    with translation.override("en"):
        assert french_count(0) == 0
        assert french_count(1) == 1
    with translation.override("fr"):
        assert french_count(0) == 1
        assert french_count(5) == 5
