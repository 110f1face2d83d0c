"""A large record's site in Chromium (Playwright, no browser download): the
ask page finds product names through their shards, and says so for a name
the record does not know; the home filter finds the first name, or, where
it leaves a record's products out, says so and links the ask page.

usage: large.py SITE_DIR NAME... (a NAME starting "NOPE" is expected unknown)
"""
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

SITE = Path(sys.argv[1]).resolve()
NAMES = sys.argv[2:]
errors, failures = [], []

with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run"],
    )
    page = browser.new_page()
    page.on("console", lambda m: m.type == "error" and errors.append(f"{page.url}: {m.text}"))
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    for name in NAMES:
        page.goto((SITE / "ask.html").as_uri())
        page.fill("#product", name)
        page.click("button[type=submit]")
        page.wait_for_selector("#answer[data-ready=true]", state="attached")
        text = page.locator("#answer").inner_text()
        links = page.locator("#answer a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        unknown = "No product in the record is called" in text
        if name.startswith("NOPE"):
            if not unknown:
                failures.append(f"ask {name!r} found a product: {text[:200]!r}")
        elif unknown or not any(h and h.startswith("products/") for h in links):
            failures.append(f"ask {name!r} did not lead to its product page: {text[:200]!r} {links}")
    page.goto((SITE / "index.html").as_uri())
    page.fill("#filter", NAMES[0])
    page.wait_for_timeout(300)
    status = page.locator("#filter-status").inner_text()
    links = page.locator("#filter-status a, #filter-results a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")
    if "MSCDB_FIND_PRODUCTS" in (SITE / "ask" / "find.js").read_text():
        # Products left out of the filter (render::html::FIND_PRODUCTS).
        if "leaves out" not in status or not any(h.startswith("ask.html?product=") for h in links):
            failures.append(f"the filter does not say it leaves products out: {status!r} {links}")
    elif "match" not in status or not any(h.startswith("products/") for h in links):
        failures.append(f"the filter does not find {NAMES[0]!r}: {status!r} {links}")
    browser.close()

for e in errors:
    print("console:", e)
for f in failures:
    print("FAIL:", f)
print(f"{len(NAMES)} names asked, {len(errors)} console errors, {len(failures)} failures")
sys.exit(1 if errors or failures else 0)
