"""The map in a real browser (headless Chromium through selenium): it loads from
file:// without errors or requests, search finds concepts by any alias, the
panel explains, filters filter, and note text never runs as code."""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path(shutil.which("chromedriver") or "/usr/bin/chromedriver")

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
except ImportError:  # pragma: no cover
    pytest.skip("selenium is not installed (pip install selenium)", allow_module_level=True)
if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
    pytest.skip(f"needs {CHROMIUM} and chromedriver (apt-get install chromium chromium-driver)",
                allow_module_level=True)

from kgnotes.html import write_map  # noqa: E402
from kgnotes.model import Concept, KnowledgeGraph, Relation  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from test_map import EVIL_LABEL, SUPCON_EVIDENCE, XSS_TITLE, sample_kg  # noqa: E402

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--window-size=1400,900")
# An alert() would block the page; this records it instead, before any page script runs.
TRAP_ALERTS = "for (const f of ['alert', 'confirm', 'prompt']) window[f] = () => { window.__xss = f; };"


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    drv = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TRAP_ALERTS})
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    root = tmp_path_factory.mktemp("map")
    kg = sample_kg(root)
    return {
        "zh": write_map(kg, root / "index.html"),
        "en": write_map(kg, root / "index-en.html", lang="en"),
        "big": write_map(big_kg(3000), root / "big.html"),
    }


def big_kg(n: int) -> KnowledgeGraph:
    """Enough concepts that the page lays out in Python and draws with level of detail."""
    kg = KnowledgeGraph()
    for i in range(n):
        kg.concepts[f"c{i}"] = Concept(f"c{i}", {"zh": f"概念{i}", "en": f"Concept {i}"}, alt=[f"K{i}"],
                                       community=i // 30, rank=1.0 / (1 + i % 97))
    for i in range(n):
        j = (i // 30) * 30 + (i % 30 + 1) % 30
        if j < n and j != i:
            kg.relations.append(Relation(f"c{i}", "is_a" if i % 2 else "uses", f"c{j}", "", f"c{i} 与 c{j}"))
    return kg


def open_map(driver, page: Path, timeout: float = 60):
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get_log("performance")
    driver.get(page.as_uri())
    deadline = time.time() + timeout
    while not driver.execute_script("return !!(window.kgnotes && window.kgnotes.ready)"):
        assert time.time() < deadline, "the map never drew"
        time.sleep(0.05)


def console_errors(driver) -> list:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    urls += driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    return urls


def search_box(driver):
    return driver.find_element(By.CSS_SELECTOR, "input[type=search]")


def panel_text(driver) -> str:
    return driver.find_element(By.ID, "panel").text


def selected(driver) -> list[str]:
    return driver.execute_script("return network.getSelectedNodes()")


def assert_no_xss(driver):
    assert driver.execute_script("return window.__xss") is None
    assert driver.execute_script("return document.querySelectorAll('img, iframe, object').length") == 0
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018


def test_loads_from_file_without_errors_or_requests(driver, pages):
    open_map(driver, pages["zh"])
    assert console_errors(driver) == []
    assert [u for u in requested_urls(driver) if not u.startswith(("file:", "data:"))] == []
    assert driver.execute_script("return network.body.data.nodes.length") == 11
    assert_no_xss(driver)


@pytest.mark.parametrize("query", ["监督对比学习", "supcon", "ＳｕｐＣｏｎ", "Supervised Contrastive Learning"])
def test_search_enter_selects_concept_and_panel_shows_evidence(driver, pages, query):
    open_map(driver, pages["zh"])
    box = search_box(driver)
    box.send_keys(query)
    box.send_keys(Keys.ENTER)
    assert selected(driver) == ["c:supcon"]
    text = panel_text(driver)
    assert SUPCON_EVIDENCE in text
    assert "SupCon" in text and "监督对比学习" in text  # every label
    assert "对比学习" in text  # the related concept
    assert console_errors(driver) == []


def test_suggestions_while_typing(driver, pages):
    open_map(driver, pages["zh"])
    box = search_box(driver)
    box.send_keys("对比")
    items = driver.find_elements(By.CSS_SELECTOR, "#suggest li[role=option]")
    names = [li.find_element(By.CSS_SELECTOR, ".main").text for li in items]
    assert names[:2] == ["对比学习", "监督对比学习"]  # concepts first, the exact prefix first
    assert "对比学习综述" in names  # notes are found by title
    box.send_keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ENTER)
    assert selected(driver) == ["c:supcon"]
    assert not driver.find_element(By.ID, "suggest").is_displayed()


def test_panel_of_concept_lists_notes_with_file_links(driver, pages):
    open_map(driver, pages["zh"])
    assert driver.execute_script("return kgnotes.search('CL')") == "c:contrastive-learning"
    text = panel_text(driver)
    for expected in ("对比学习综述", "监督对比学习", "原型=动态演化的语义锚点", "SimCLR 是一种对比学习方法。"):
        assert expected in text
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#panel a")]
    assert links and all(href.startswith("file:///") for href in links)
    assert (pages["zh"].parent / "notes" / "contrastive" / "survey.md").as_uri() in links
    lit = driver.execute_script("return kgnotes.highlighted()")
    assert {"c:supcon", "c:prototype", "c:simclr", "c:self-supervised-learning"} <= set(lit)


def test_panel_of_note(driver, pages):
    open_map(driver, pages["zh"])
    assert driver.execute_script("return kgnotes.select('contrastive/supcon.md')")
    assert selected(driver) == ["n:contrastive/supcon.md"]
    text = panel_text(driver)
    for expected in ("监督对比学习", "2024-03-01", "深度学习", "论文", "对比学习综述", XSS_TITLE):
        assert expected in text  # title, date, categories, reference out, reference in


def test_note_text_is_never_markup(driver, pages):
    open_map(driver, pages["zh"])
    # the XSS note's panel, the evil concept's panel (label and evidence)
    assert driver.execute_script("return kgnotes.select('n:xss.md')")
    assert XSS_TITLE in panel_text(driver)
    assert_no_xss(driver)
    box = search_box(driver)
    box.send_keys("</script>")
    box.send_keys(Keys.ENTER)
    assert selected(driver) == ["c:evil"]
    assert EVIL_LABEL in panel_text(driver)
    assert 'onerror="window.__xss=2"' in panel_text(driver)
    # its tooltip: hover the node itself
    driver.execute_script("network.moveTo({position: network.getPosition('n:xss.md'), scale: 1.5})")
    x, y = driver.execute_script(
        "const p = network.canvasToDOM(network.getPosition('n:xss.md')); return [p.x, p.y]")
    canvas = driver.find_element(By.CSS_SELECTOR, "#graph canvas")
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - canvas.size["width"] / 2), int(y - canvas.size["height"] / 2)).perform()
    time.sleep(0.8)
    tip = driver.execute_script(
        "const t = document.querySelector('.vis-tooltip');"
        "return t && [t.innerText, [...t.querySelectorAll('*')].filter(e => e.tagName !== 'BR').length]")
    assert tip is not None and XSS_TITLE in tip[0] and tip[1] == 0
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - canvas.size["width"] / 2), int(y - canvas.size["height"] / 2)).click().perform()
    assert selected(driver) == ["n:xss.md"]
    assert_no_xss(driver)
    assert console_errors(driver) == []


def test_filters(driver, pages):
    open_map(driver, pages["zh"])

    def visible():
        return driver.execute_script("return kgnotes.visible()")

    everything = visible()
    assert len(everything["nodes"]) == 11
    driver.find_element(By.ID, "show-notes").click()
    assert not [n for n in visible()["nodes"] if n.startswith("n:")]
    assert set(visible()["edges"]) <= {"is_a", "related", "uses"}
    driver.find_element(By.ID, "show-notes").click()
    assert visible() == everything

    driver.find_element(By.CSS_SELECTOR, "#category option[value='随笔']").click()
    assert set(visible()["nodes"]) == {"n:prototype.md", "c:prototype", "c:contrastive-learning"}
    driver.find_element(By.CSS_SELECTOR, "#category option[value='']").click()
    assert visible() == everything

    driver.find_element(By.CSS_SELECTOR, "#legend input[data-type='is_a']").click()
    assert "is_a" not in visible()["edges"] and "related" in visible()["edges"]
    # search still finds a node that a filter hides, and lifts that filter
    driver.find_element(By.ID, "show-notes").click()
    assert driver.execute_script("return kgnotes.search('对比学习综述')") == "n:contrastive/survey.md"
    assert "n:contrastive/survey.md" in visible()["nodes"]
    assert console_errors(driver) == []


def test_english_page(driver, pages):
    open_map(driver, pages["en"])
    assert search_box(driver).get_attribute("placeholder").startswith("Search")
    labels = driver.execute_script(
        "return network.body.data.nodes.get(['c:contrastive-learning', 'c:self-supervised-learning'])"
        ".map(n => n.label)")
    assert labels == ["Contrastive Learning", "自监督学习"]
    box = search_box(driver)
    box.send_keys("原型", Keys.ENTER)
    assert selected(driver) == ["c:prototype"]
    assert "Relations" in panel_text(driver)


def test_large_map_draws_with_level_of_detail(driver, pages):
    open_map(driver, pages["big"])
    assert driver.execute_script("return kgnotes.data.physics") is False
    frame_ms = driver.execute_script(
        "network.fit({animation: false}); const a = performance.now(); network.redraw(); return performance.now() - a")
    assert frame_ms < 2000
    box = search_box(driver)
    box.send_keys("k2024", Keys.ENTER)
    assert selected(driver) == ["c:c2024"]
    assert driver.execute_script("return kgnotes.highlighted().length") == 3
    driver.execute_script("network.redraw()")
    assert console_errors(driver) == []


def _demo_build_skip_reason() -> str | None:
    corpus = Path(__file__).resolve().parents[1] / "corpus"
    try:
        from kgnotes.pipeline import build  # noqa: F401
    except ImportError as exc:
        return f"kgnotes.pipeline.build is not importable ({exc})"
    if not any(p.suffix in (".md", ".markdown", ".txt", ".html") for p in corpus.rglob("*") if p.is_file()):
        return f"no notes in {corpus}"
    return None


@pytest.mark.skipif(_demo_build_skip_reason() is not None, reason=str(_demo_build_skip_reason()))
def test_demo_build_map(driver):
    from kgnotes.pipeline import build

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    out = Path(tempfile.mkdtemp(prefix="kgnotes-demo-"))
    try:
        kg = build(corpus, out)
        page = out / "index.html"
        if not page.exists():
            page = write_map(kg, page)
        open_map(driver, page)
        assert console_errors(driver) == []
        box = search_box(driver)
        box.send_keys("SupCon", Keys.ENTER)
        assert len(selected(driver)) == 1
        assert panel_text(driver)
    finally:
        shutil.rmtree(out, ignore_errors=True)
