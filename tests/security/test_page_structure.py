"""Every public page type has its own <title> and exactly one <h1> (issue 14 §1)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.test import Client

from tests.security.pages import public_pages, seed_everything

pytestmark = pytest.mark.django_db

# Swagger UI draws its headings with script; its page is checked in the browser tests.
# The admin login is Django's own staff page (its heading is the site name).
SCRIPT_DRAWN = {"API 文档", "后台登录"}


def test_every_page_has_a_unique_title_and_one_h1() -> None:
    seed_everything()
    client = Client()
    titles: dict[str, str] = {}
    problems = []
    for label, url in public_pages():
        if label in SCRIPT_DRAWN:
            continue
        html = client.get(url).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        h1s = re.findall(r"<h1[\s>]", html)
        if title is None or not title.group(1).strip():
            problems.append(f"{label} {url}: no <title>")
        else:
            # One page type per path: a list and its query variants may share a title.
            titles.setdefault(url.split("?")[0], " ".join(title.group(1).split()))
        if len(h1s) != 1:
            problems.append(f"{label} {url}: {len(h1s)} <h1>")
    counts = Counter(titles.values())
    problems += [
        f"{page}: title {title!r} is shared"
        for page, title in titles.items()
        if counts[title] > 1
    ]
    assert not problems, "\n".join(problems)
