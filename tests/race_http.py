"""What the HTTP race tests share (bookings, event registrations, the partner's inbox): a signed-in client of the
real gunicorn server, the form's CSRF token, the page's text, and posts that all leave at once."""

import re
import threading

import httpx


def http_client(base_url, session=None):
    cookies = {"sessionid": session} if session else {}
    return httpx.Client(base_url=base_url, cookies=cookies, timeout=90, follow_redirects=False)


def csrf_token(client, path):
    page = client.get(path)
    assert page.status_code == 200, page.text[:500]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def page_text(response):
    return response.text.replace("\xa0", " ").replace("\u202f", " ").replace("&#x27;", "'")


def race(jobs):
    """Post every (client, path, data) at once; the responses in the same order."""
    barrier = threading.Barrier(len(jobs))
    responses = [None] * len(jobs)

    def go(index, client, path, data):
        barrier.wait()
        responses[index] = client.post(path, data=data)

    threads = [threading.Thread(target=go, args=(n, *job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return responses
