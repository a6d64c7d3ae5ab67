"""The HTML report, opened in a real browser: Debian's headless Chromium driven by selenium.

The page is checked as a person sees it: the counts, the plate grid (rows x columns, the
broken well red), a click on a well showing its findings. A screenshot is kept under
``build/test-artifacts/`` (and in the test's tmp folder). ``.ci/run`` installs Chromium
and its driver when they are missing and sets ``OME_ZARR_SCHEMAS_REQUIRE_BROWSER=1``, so there a
missing browser fails; elsewhere the browser tests skip, saying why.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ome_zarr_schemas import validate_many
from ome_zarr_schemas.cli import main
from ome_zarr_schemas.collection.html import render_html, write_html

from .collection_stores import broken_plate, build

ARTIFACTS = Path(__file__).resolve().parent.parent / "build" / "test-artifacts"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    chromium = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    if chromium is None or driver is None:
        if os.environ.get("OME_ZARR_SCHEMAS_REQUIRE_BROWSER"):
            pytest.fail("OME_ZARR_SCHEMAS_REQUIRE_BROWSER is set: chromium/chromedriver missing")
        pytest.skip("no chromium / chromedriver (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1400"):
        options.add_argument(flag)
    chrome = webdriver.Chrome(service=Service(driver), options=options)
    try:
        yield chrome
    finally:
        chrome.quit()


def _report(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    expected = build(tmp_path / "coll")
    page = tmp_path / "report.html"
    write_html(list(validate_many(list(expected), jobs=2)), page, title="test archive")
    return page, expected


def test_the_page_is_self_contained(tmp_path: Path) -> None:
    page, _ = _report(tmp_path)
    text = page.read_text()
    assert "<script>" in text  # inline only
    assert not re.search(r"<script[^>]+src|<link|<img|@import|url\(", text)
    assert not re.search(r"(src|href)=\"?https?:", text)


def test_the_report_in_chromium_counts_stores_and_maps_the_plate(
    tmp_path: Path, browser: object
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

    assert isinstance(browser, WebDriver)
    page, expected = _report(tmp_path)
    browser.get(page.as_uri())
    count = {k: browser.find_element(By.CSS_SELECTOR, f"#count-{k} b").text for k in (
        "stores", "valid", "invalid", "not-validated")}  # fmt: skip
    assert count == {"stores": "9", "valid": "4", "invalid": "4", "not-validated": "1"}
    assert len(expected) == 9
    rules = browser.find_element(By.ID, "by-rule").text
    assert "axes.unique-names" in rules
    # the broken 0.4 plate: 2 rows x 3 columns, well A/2 red, the others green
    plate = next(
        block
        for block in browser.find_elements(By.CSS_SELECTOR, ".plate-block")
        if "plate_04.zarr" in block.text
    )
    rows = plate.find_elements(By.CSS_SELECTOR, "table.plate tr")
    assert [r.find_element(By.TAG_NAME, "th").text for r in rows[1:]] == ["A", "B"]
    assert [h.text for h in rows[0].find_elements(By.TAG_NAME, "th")][1:] == ["1", "2", "3"]
    wells = plate.find_elements(By.CSS_SELECTOR, "td.well")
    colours = {w.get_attribute("data-well"): w.get_attribute("class") for w in wells}
    assert colours == {
        "A/1": "well sev-ok",
        "A/2": "well sev-error",
        "A/3": "well sev-ok",
        "B/1": "well sev-ok",
        "B/2": "well sev-ok",
        "B/3": "well sev-ok",
    }
    red = next(w for w in wells if w.get_attribute("data-well") == "A/2")
    assert "duplicate axis name" in (red.get_attribute("title") or "")  # on hover
    panel = plate.find_element(By.CSS_SELECTOR, ".well-panel")
    assert "duplicate axis name" not in panel.text
    red.click()
    assert "well A/2: 1 finding(s)" in panel.text
    assert "duplicate axis name 'x'" in panel.text and "[axes.unique-names]" in panel.text
    assert "A/2/0#/multiscales/0/axes/2/name" in panel.text  # the field it is on
    # a store's findings, grouped by node
    stores = browser.find_element(By.XPATH, "//h2[text()='Stores']/..").text
    assert "A/2/0" in stores
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for shot in (ARTIFACTS / "collection-report.png", tmp_path / "report.png"):
        assert browser.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000


def test_validate_of_one_plate_writes_the_same_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plate = broken_plate("0.4").write(tmp_path / "plate.zarr")
    page = tmp_path / "one.html"
    assert main(["validate", "--html", str(page), str(plate)]) == 1
    out = capsys.readouterr().out
    assert "duplicate axis name 'x'" in out  # the usual report of one target
    text = page.read_text()
    assert text.count('class="well sev-') == 6 and text.count("sev-error") >= 1
    assert 'data-well="A/2"' in text


def test_store_text_is_escaped() -> None:
    from ome_zarr_schemas.collection.results import StoreResult

    record = {
        "target": "<b>x</b>\u202e.zarr",
        "status": "invalid",
        "errors": 1,
        "warnings": 0,
        "issues": [
            {"rule": "r", "severity": "error", "node": "<i>", "pointer": "", "message": "\x1b[2J"}
        ],
        "plates": [],
    }
    text = render_html([StoreResult(record)])
    assert "<b>x</b>" not in text and "&lt;b&gt;x&lt;/b&gt;\\u202e.zarr" in text
    assert "\x1b" not in text and "\\x1b[2J" in text


def test_each_well_takes_its_worst_finding_below_it_or_naming_it() -> None:
    from ome_zarr_schemas.collection.results import StoreResult

    def issue(severity: str, node: str, related: tuple[str, ...] = ()) -> dict[str, object]:
        return {"rule": "r", "severity": severity, "node": node, "pointer": "", "message": "m",
                "related": list(related)}  # fmt: skip

    plate = {
        "node": "p",
        "name": "plate",
        "rows": ["A", "B"],
        "columns": ["1", "2"],
        "wells": [
            {"path": "A/1", "row": 0, "column": 0},
            {"path": "A/2", "row": 0, "column": 1},
            {"path": "B/1", "row": 1, "column": 0},
        ],
    }
    issues = [
        issue("warning", "p/A/1/0"),
        issue("info", "p/A/1/0/labels"),
        issue("info", "p/B/1"),
        issue("error", "p", related=("p/A/2",)),
        issue("error", "q/A/1"),  # another group's A/1: not this plate's
    ]
    record = {"target": "t", "status": "invalid", "issues": issues, "plates": [plate]}
    text = render_html([StoreResult(record)])
    cells = re.findall(r'<td class="well sev-(\w+)"(?: data-well="([^"]*)")?', text)
    assert cells == [("warning", "A/1"), ("error", "A/2"), ("info", "B/1"), ("empty", "")]
