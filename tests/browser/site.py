#!/usr/bin/env python3
"""The generated site as a person uses it, in Debian's Chromium driven by
Playwright (no browser download): type into the ask form, follow links, check
that no page scrolls sideways at a phone's width (390 px) or a laptop's
(1280 px), fail on any console error, save screenshots, and compare the ask
page's answers with `check --format json`'s.

Run by tests/cli/site.rs:  site.py SITE_DIR SHOTS_DIR CASES.json
CASES.json: {"answers": [[product, place, condition, verdict, certain], ...],
             "norms": [[text, normalised], ...]}
Prints one JSON line of measurements (for BENCHMARKS.md) on success.
"""

import json
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

SITE = Path(sys.argv[1]).resolve()
SHOTS = Path(sys.argv[2]).resolve()
CASES = json.loads(Path(sys.argv[3]).read_text(encoding="utf-8"))
SHOTS.mkdir(parents=True, exist_ok=True)

# One page of each kind.
PAGES = [
    "index.html",
    "ask.html",
    "ask.html?for=autism&in=Mexico",
    "places.html",
    "conditions.html",
    "places/AT.html",
    "places/KR.html",
    "places/MX.html",
    "products/remestemcel-l.html",
    "conditions/autism.html",
    "indications/" + sorted(p.name for p in (SITE / "indications").iterdir())[0],
    "timeline.html",
    "frameworks.html",
    "clinic.html",
    "downloads.html",
    "audit/" + sorted(p.name for p in (SITE / "audit").iterdir())[0],
]

failures = []
errors = []


def url(page):
    path, _, query = page.partition("?")
    return (SITE / path).as_uri() + ("?" + query if query else "")


def check(ok, what):
    if not ok:
        failures.append(what)


def watch(page):
    page.on("console", lambda m: m.type == "error" and errors.append(f"{page.url}: {m.text}"))
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    # Nothing outside the site is ever requested.
    page.on("request", lambda r: r.url.startswith("file://") or r.url.startswith("data:")
            or errors.append(f"{page.url}: requested {r.url}"))


def answer_of(page):
    # Ready is the attribute; an empty answer (no question yet) is hidden.
    page.wait_for_selector("#answer[data-ready=true]", state="attached")
    box = page.locator("#answer")
    return box.get_attribute("data-verdict"), box.get_attribute("data-certain"), box.inner_text()


with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run"],
    )
    measures = {}
    for width in (390, 1280):
        ctx = browser.new_context(viewport={"width": width, "height": 900})
        page = ctx.new_page()
        watch(page)
        for name in PAGES:
            page.goto(url(name))
            if name.startswith("ask.html"):
                page.wait_for_selector("#answer[data-ready=true]", state="attached")
            wide = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            check(wide[0] <= wide[1], f"{name} at {width} px is {wide[0]} px wide")
            shot = name.replace("/", "-").replace("?", "-").replace("&", "-").replace("=", "-").replace(".html", "")
            page.screenshot(path=str(SHOTS / f"{shot}-{width}.png"), full_page=width == 390 and name.startswith("ask"))
        ctx.close()

    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    watch(page)

    # The form, typed into like a person, gives a link that can be shared.
    page.goto(url("ask.html"))
    page.wait_for_selector("#answer[data-ready=true]", state="attached")
    page.locator("#for").type("autism", delay=20)
    page.locator("#in").type("Mexico", delay=20)
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/ask.html?*")
    verdict, certain, text = answer_of(page)
    check(verdict == "not-approved", f"autism in Mexico: {verdict}")
    check("autism" in text and "FDA" in text and "F84.0" in text, f"autism caution: {text}")
    check("for=autism" in page.url and "in=Mexico" in page.url, f"shareable link: {page.url}")
    page.screenshot(path=str(SHOTS / "ask-autism-mexico-phone.png"), full_page=True)

    page.goto(url("ask.html?product=alofisel&in=France"))
    verdict, certain, text = answer_of(page)
    check(verdict == "no-longer-approved", f"alofisel in France: {verdict}")

    # Measured for BENCHMARKS.md, not asserted: from navigation to the answer shown.
    took = []
    for _ in range(5):
        start = time.perf_counter()
        page.goto(url("ask.html?product=ryoncil&in=Canada&for=graft-versus-host%20disease"))
        page.wait_for_selector("#answer[data-ready=true]", state="attached")
        took.append((time.perf_counter() - start) * 1000)
        after_load = page.evaluate(
            "performance.getEntriesByType('navigation')[0].loadEventEnd")
        shown = page.evaluate("(async () => { const t = performance.now(); await window.mscdbAsk('ryoncil', 'Canada', 'knee'); return performance.now() - t; })()")
        measures.setdefault("lookup_ms", []).append(round(shown, 2))
        measures.setdefault("load_event_ms", []).append(round(after_load, 1))
    measures["navigation_to_answer_ms"] = [round(t, 1) for t in took]

    # Links, followed: home → places A–Z → Austria, which lists no other
    # cell type as an MSC approval.
    page.goto(url("index.html"))
    page.get_by_role("link", name="places A–Z").first.click()
    page.get_by_role("link", name="Austria", exact=True).click()
    now = page.locator("section[aria-labelledby=now]").inner_text()
    check("No MSC product" in now and "Casgevy" not in now and "Holoclar" not in now, f"Austria: {now}")
    check("Casgevy" in page.locator("section[aria-labelledby=other]").inner_text(), "Austria lists Casgevy apart")
    page.go_back()
    page.go_back()

    # The home filter finds places and conditions, and says when nothing matches.
    page.locator("#filter").type("Mexico", delay=20)
    check("Mexico" in page.locator("#filter-results").inner_text(), "filter finds Mexico")
    page.locator("#filter").fill("")
    page.locator("#filter").type("autism", delay=20)
    check("autism" in page.locator("#filter-results").inner_text(), "filter finds autism")
    page.locator("#filter").fill("")
    page.locator("#filter").type("qqzzxx", delay=20)
    check("Nothing" in page.locator("#filter-status").inner_text(), "filter says nothing matches")

    # The page's normalisation is the command line's.
    page.goto(url("ask.html"))
    page.wait_for_selector("#answer[data-ready=true]", state="attached")
    got = page.evaluate("(texts) => texts.map(t => window.mscdbNormalize(t))", [t for t, _ in CASES["norms"]])
    wrong = [(t, n, g) for (t, n), g in zip(CASES["norms"], got) if n != g]
    check(not wrong, f"normalisation differs: {wrong[:5]}")

    # Every answer, looked up in the page, is check's.
    got = page.evaluate(
        "async (cases) => { const out = []; for (const c of cases) {"
        " const r = await window.mscdbAsk(c[0], c[1], c[2]); out.push([r.verdict || r.error, r.certain]); }"
        " return out; }",
        CASES["answers"],
    )
    differ = [(c[:3], c[3:], g) for c, g in zip(CASES["answers"], got) if [c[3], c[4]] != g]
    check(not differ, f"{len(differ)} of {len(got)} answers differ from check, e.g. {differ[:5]}")
    measures["answers_compared"] = len(got)
    ctx.close()
    browser.close()

check(not errors, "console errors or outside requests: " + "; ".join(errors[:10]))
if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
print(json.dumps(measures))
