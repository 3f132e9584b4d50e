"""Reading a Content-Security-Policy and the inline content a page holds, and crawling the
links a signed-in person reaches: shared by the crawler test and the browser test."""

import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

HOST = "testserver"
# The fetch directives that fall back to default-src, for the ones the checks read.
FALLBACK = {
    "script": ["script-src-elem", "script-src", "default-src"],
    "style": ["style-src-elem", "style-src", "default-src"],
    "style-attr": ["style-src-attr", "style-src", "default-src"],
    "object": ["object-src", "default-src"],
}
# Data blocks a browser never runs (ninja's Swagger UI keeps its settings in one).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def directives(header: str) -> dict[str, list[str]]:
    """`default-src 'self'; img-src data:` as {"default-src": ["'self'"], "img-src": ["data:"]}."""
    parsed: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split() or [""]
        if name:
            parsed.setdefault(name.lower(), values)
    return parsed


def sources(policy: dict[str, list[str]], kind: str) -> list[str] | None:
    """The sources the policy allows for `kind` (script, style, ...), None when unrestricted."""
    for name in FALLBACK[kind]:
        if name in policy:
            return policy[name]
    return None


def policy_problems(header: str | None) -> list[str]:
    """What the policy sent with a page fails of Leadwell's rules (empty when it holds them)."""
    if not header:
        return ["no Content-Security-Policy header"]
    policy = directives(header)
    problems = []
    scripts = sources(policy, "script")
    if scripts is None:
        problems.append("scripts are unrestricted")
    elif {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"} & set(scripts):
        problems.append(f"scripts may be inline, evaluated or from anywhere: {scripts}")
    if sources(policy, "object") != ["'none'"]:
        problems.append("plug-ins (object-src) are not 'none'")
    if policy.get("frame-ancestors") != ["'none'"]:
        problems.append("frame-ancestors is not 'none'")
    if policy.get("base-uri") not in (["'self'"], ["'none'"]):
        problems.append("base-uri is not 'self' or 'none'")
    if policy.get("form-action") not in (["'self'"], ["'none'"]):
        problems.append("form-action is not 'self' or 'none'")
    return problems


class InlineContent(HTMLParser):
    """Scripts, event handlers and styles written into a page rather than loaded from a file."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.style_elements = 0
        self.style_attributes: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            kind = (values.get("type") or "").lower()
            self._in_script = "src" not in values and kind not in DATA_SCRIPT_TYPES
        elif tag == "style":
            self.style_elements += 1
        for name, value in attrs:
            # htmx's hx-on attributes are inline handlers too (it evaluates them).
            if name.startswith(("on", "hx-on")):
                self.handlers.append(f"{tag} {name}={value!r}")
            elif name == "style":
                self.style_attributes.append(f"{tag} style={value!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.scripts.append(data.strip()[:80])


def inline_problems(html: str, header: str | None) -> list[str]:
    """Inline content in a page: never a script or handler; a style only where the page's own
    policy allows inline styles (the standalone coaching history document)."""
    found = InlineContent()
    found.feed(html)
    problems = [f"inline script: {text}" for text in found.scripts]
    problems += [f"inline event handler: {text}" for text in found.handlers]
    styles = sources(directives(header or ""), "style") or []
    if "'unsafe-inline'" not in styles:
        if found.style_elements:
            problems.append(f"{found.style_elements} inline <style> element(s)")
        problems += [f"inline style attribute: {text}" for text in found.style_attributes[:5]]
    return problems


def links(html: str, base: str) -> list[str]:
    """The same-site addresses a page links to, as path and query."""

    class Anchors(HTMLParser):
        found: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            href = dict(attrs).get("href")
            if tag == "a" and href:
                self.found.append(href)

    anchors = Anchors()
    anchors.found = []
    anchors.feed(html)
    result = []
    for href in anchors.found:
        url = urlsplit(urljoin(f"http://{HOST}{base}", href))
        if url.scheme in ("http", "https") and url.hostname == HOST:
            result.append(url.path + (f"?{url.query}" if url.query else ""))
    return result


def page_kind(url: str) -> str:
    """Pages that differ only in ids or query values are of one kind: /people/N/?period."""
    path, _, query = url.partition("?")
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return re.sub(r"\d+", "N", path) + ("?" + "&".join(keys) if keys else "")


@dataclass
class Crawl:
    """A breadth-first walk over the links a person reaches, bounded: a few pages of each kind
    and a total. `fetch(url)` answers (status, the HTML or None when not a page, its policy)."""

    fetch: Callable[[str], tuple[int, str | None, str | None]]
    per_kind: int = 2
    limit: int = 200
    visited: list[str] = field(default_factory=list)

    def pages(self, starts: Iterable[str]) -> Iterator[tuple[str, int, str | None, str | None]]:
        queue = deque(starts)
        seen: set[str] = set()
        kinds: Counter[str] = Counter()
        while queue and len(self.visited) < self.limit:
            url = queue.popleft()
            kind = page_kind(url)
            if url in seen or kinds[kind] >= self.per_kind:
                continue
            seen.add(url)
            kinds[kind] += 1
            self.visited.append(url)
            status, html, header = self.fetch(url)
            yield url, status, html, header
            if html is not None:
                queue.extend(link for link in links(html, url) if link not in seen)
