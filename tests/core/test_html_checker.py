from tests.html_checker import nu_errors


def test_the_checker_reports_invalid_html(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="fr"><head><title>t</title></head><body><div hx-get="/x"></div></body></html>'
    )
    errors = nu_errors([("bad page", page)])
    assert errors and errors[0].startswith("bad page line")


def test_the_checker_accepts_valid_html(tmp_path):
    page = tmp_path / "good.html"
    page.write_text('<!DOCTYPE html><html lang="fr"><head><title>t</title></head><body><p>ok</p></body></html>')
    assert nu_errors([("good page", page)]) == []
