import pytest

from solozere.territory.text import looks_like_postal_code, normalize_name


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Saint-Chély-d'Apcher", "saint chely d apcher"),
        ("ST CHELY D'APCHER", "saint chely d apcher"),
        ("saint chély d\u2019apcher", "saint chely d apcher"),  # typographic apostrophe
        ("Ste-Eulalie", "sainte eulalie"),
        ("  Peyre   en Aubrac ", "peyre en aubrac"),
        ("Prunières", "prunieres"),
        ("", ""),
        ("<script>", "script"),
    ],
)
def test_normalize_name_folds_accents_case_and_punctuation(typed, expected):
    assert normalize_name(typed) == expected


def test_a_postal_code_is_five_digits():
    assert looks_like_postal_code("48200")
    assert not looks_like_postal_code("4820")
    assert not looks_like_postal_code("48200a")
