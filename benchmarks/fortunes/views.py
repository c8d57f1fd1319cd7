from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from benchmarks.fortunes.models import Fortune


def fortunes(request: HttpRequest) -> HttpResponse:
    """TechEmpower's test 4: every row, one added at request time, sorted by message, rendered escaped."""
    rows = list(Fortune.objects.all())
    rows.append(Fortune(id=0, message="Additional fortune added at request time."))
    rows.sort(key=lambda fortune: fortune.message)
    return render(request, "fortunes/fortunes.html", {"fortunes": rows})
