"""The part of a URL that holds a private link's token (secrets.token_urlsafe(32): 43 characters): the link of an
event registration, of a project request. Anchored on the token's alphabet and length, so that no slug is ever read
as one and a token cut short by a mail client is a French 404, not another page."""

PRIVATE_LINK = r"(?P<token>[A-Za-z0-9_-]{20,64})"

# How long the link that confirms a visitor's address lasts, for every private link that starts with one (an event
# registration, a project request): said in the e-mail and on the form.
CONFIRMATION_HOURS = 48
