"""components/pagination.html: the pages of a list, keeping the list's filter in every link; nothing for one page."""

from django.core.paginator import Paginator
from django.template import Context, RequestContext, Template
from django.test import RequestFactory

TEMPLATE = Template('{% include "components/pagination.html" with query="etat="|add:status %}')


def _render(number: int, count: int = 120) -> str:
    page = Paginator(list(range(count)), 50).get_page(number)
    return TEMPLATE.render(Context({"page_obj": page, "status": "a-traiter"}))


def test_the_links_keep_the_filter_and_say_where_one_is():
    middle = _render(2)
    assert 'href="?etat=a-traiter&amp;page=1"' in middle and 'href="?etat=a-traiter&amp;page=3"' in middle
    assert "Page 2 sur 3" in middle
    first = _render(1)
    assert "Page précédente" not in first and "Page suivante" in first


def test_one_page_shows_no_navigation():
    assert "pagination" not in _render(1, count=10)


def test_without_a_filter_the_links_carry_only_the_page_and_the_label_names_the_navigation():
    page = Paginator(list(range(120)), 50).get_page(2)
    html = Template('{% include "components/pagination.html" with label="Pages des résultats" %}').render(
        Context({"page_obj": page})
    )
    assert 'href="?page=1" rel="prev"' in html and 'href="?page=3" rel="next"' in html
    assert 'aria-label="Pages des résultats"' in html
    assert 'aria-label="Pages"' in _render(2)


def test_keep_query_keeps_the_request_s_own_filters_but_its_page():
    page = Paginator(list(range(120)), 50).get_page(2)
    request = RequestFactory().get("/agenda/", {"type": "atelier", "page": "2"})
    html = Template('{% include "components/pagination.html" with keep_query=True %}').render(
        RequestContext(request, {"page_obj": page})
    )
    assert 'href="?type=atelier&amp;page=1" rel="prev"' in html and 'href="?type=atelier&amp;page=3" rel="next"' in html
