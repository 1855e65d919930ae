"""Tests of kg.export.html in a real headless Chromium (one browser for the module)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import networkx as nx
import pytest
from rdflib import Dataset

from kg.export.html import RELATION_STYLE, render_html, script_json, write_html
from kg.export.nx import to_networkx
from kg.facts import Article, ArticleFacts, Entity, Evidence, Relation, Role
from kg.rdf import to_dataset

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT / "tests" / "data" / "news_graph.trig"

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
BREAKOUT = "</script><script>window.__pwned=1</script>"
HOSTILE = (SCRIPT, IMG, "</textarea>", BREAKOUT)


def _screenshot_module() -> ModuleType:
    """scripts/screenshot.py, which starts the browser the same way for the docs."""
    spec = importlib.util.spec_from_file_location(
        "kg_screenshot", ROOT / "scripts" / "screenshot.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _browser_missing() -> str:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    shot = _screenshot_module()
    missing = [p for p in (shot.CHROMIUM, shot.CHROMEDRIVER) if not Path(p).exists()]
    return f"not found: {', '.join(missing)}" if missing else ""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium for the module, logging the console and the network."""
    reason = _browser_missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"headless browser needed on CI: {reason}")
        pytest.skip(reason)
    driver = _screenshot_module().chromium(
        profile=tmp_path_factory.mktemp("chromium"), width=1400, height=900, logs=True
    )
    try:
        yield driver
    finally:
        driver.quit()


def load(driver: Any, page: Path, *, timeout: float = 30) -> None:
    """Open a page from file:// and wait until its layout is done; drains old logs first."""
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(page.resolve().as_uri())
    _screenshot_module().wait_ready(driver, timeout=timeout)


def console_errors(driver: Any) -> list[dict[str, Any]]:
    """Console messages at warning level or worse (CSP violations included)."""
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def requested_urls(driver: Any) -> list[str]:
    """Every URL the page asked for, from Chrome's network log and the Resource Timing API."""
    urls = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def news_dataset() -> Dataset:
    """The realistic hand-made graph (3 articles about Meta, OpenAI, Google, Mistral AI)."""
    ds = Dataset(default_union=True)
    ds.parse(NEWS, format="trig")
    return ds


def hostile_facts() -> ArticleFacts:
    """Labels, aliases, role titles, sentences and a headline that try to run script."""
    sentence = f"{SCRIPT} {IMG} </textarea> {BREAKOUT} \u2028 & fin."
    ev = Evidence("evil", 0, len(sentence), sentence, "x", 0.5)
    return ArticleFacts(
        article=Article("evil", sentence, title=BREAKOUT + IMG),
        entities=(
            Entity("p", SCRIPT, "Person", (IMG, "</textarea>")),
            Entity("o", IMG, "Organization", (BREAKOUT,)),
            Entity("m", BREAKOUT, "AIModel", (SCRIPT,)),
            Entity("t", "</textarea>", "Product"),
            Entity("l", "Lieu & <b>gras</b>", "Place"),
        ),
        relations=(
            Relation("o", "releases", "m", ev),
            Relation("o", "owns", "t", ev),
            Relation("o", "sues", "o", ev),
        ),
        roles=(Role("p", "o", SCRIPT + IMG, ev), Role("p", "o", "</textarea>", ev)),
    )


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> tuple[nx.MultiDiGraph, Path]:
    """The news graph and its page."""
    g = to_networkx(news_dataset())
    return g, write_html(g, tmp_path_factory.mktemp("news") / "graph.html", title="news")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[nx.MultiDiGraph, Path]:
    """The hostile graph and its page (hostile title too)."""
    g = to_networkx(to_dataset([hostile_facts()]))
    return g, write_html(
        g, tmp_path_factory.mktemp("evil") / "graph.html", title="</title>" + SCRIPT
    )


# ------------------------------------------------------------------ without a browser


def test_page_is_deterministic_and_self_contained() -> None:
    ds = news_dataset()
    html = render_html(ds, title="t")
    assert html == render_html(news_dataset(), title="t")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "cdn" not in html.lower()
    assert "innerHTML" not in html.split("vis-network 9.1.2")[-1]  # our own script and template


def test_script_json_cannot_close_the_script() -> None:
    text = script_json([BREAKOUT, "<!--", "\u2028\u2029", "&amp;"])
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == [BREAKOUT, "<!--", "\u2028\u2029", "&amp;"]


def test_hostile_strings_never_reach_the_markup(hostile: tuple[nx.MultiDiGraph, Path]) -> None:
    html = hostile[1].read_text("utf-8")
    assert "window.__pwned" in html  # as data, escaped
    assert "<script>window.__pwned" not in html
    assert "<img" not in html
    assert html.count("</script>") == 6  # vis-network, our script, 4 JSON blocks: none added


def test_write_html_is_atomic(news: tuple[nx.MultiDiGraph, Path]) -> None:
    page = news[1]
    assert page.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert not list(page.parent.glob(".*.tmp"))


# ------------------------------------------------------------------ in the browser


def test_draws_every_node_and_edge(browser: Any, news: tuple[nx.MultiDiGraph, Path]) -> None:
    g, page = news
    load(browser, page)
    drawn = browser.execute_script(
        "const d = kg.network.body.data;"
        "return {nodes: d.nodes.getIds(), edges: d.edges.get().map(e => [e.from, e.to, e.kgLabel]),"
        " visible: Object.keys(kg.network.body.nodes).filter(id => kg.network.body.nodes[id].options.hidden === false"
        "   && d.nodes.get(id) !== null).length}"
    )
    assert g.number_of_nodes() == 30 and g.number_of_edges() == 31
    assert sorted(drawn["nodes"]) == sorted(g.nodes)
    assert drawn["visible"] == g.number_of_nodes()
    expected = [
        (u, v, d["label"] if d["relation"] == "memberOf" else RELATION_STYLE[d["relation"]][0])
        for u, v, d in g.edges(data=True)
    ]
    assert sorted(map(tuple, drawn["edges"])) == sorted(expected)
    assert console_errors(browser) == []


def test_makes_no_request(browser: Any, news: tuple[nx.MultiDiGraph, Path]) -> None:
    load(browser, news[1])
    urls = requested_urls(browser)
    assert [u for u in urls if re.match(r"(?i)(https?|wss?|ftp):", u)] == []
    assert all(u.startswith(("file:", "data:")) for u in urls), urls


def test_physics_stops_after_layout(browser: Any, news: tuple[nx.MultiDiGraph, Path]) -> None:
    load(browser, news[1])
    before = browser.execute_script("return kg.network.getPositions()")
    time.sleep(0.4)
    after = browser.execute_script("return kg.network.getPositions()")
    assert browser.execute_script("return kg.network.physics.physicsEnabled") is False
    assert before == after
    # entities without links are shelved below the others, not left among them
    lonely = [n for n in news[0].nodes if news[0].degree(n) == 0]
    linked_bottom = max(p["y"] for n, p in after.items() if n not in lonely)
    assert lonely and all(after[n]["y"] > linked_bottom for n in lonely)


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("Yann LeCun", "Yann LeCun"),
        ("lecun", "Yann LeCun"),
        ("joelle", "Joëlle Pineau"),
        ("NYT", "The New York Times"),
        ("mistral", "Mistral AI"),
    ],
)
def test_search_box_selects_the_entity(
    browser: Any, news: tuple[nx.MultiDiGraph, Path], query: str, label: str
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    load(browser, news[1])
    box = browser.find_element(By.ID, "kg-search")
    box.send_keys(query, Keys.ENTER)
    selected = browser.execute_script("return kg.network.getSelectedNodes()")
    assert [news[0].nodes[n]["label"] for n in selected] == [label]
    assert browser.find_element(By.ID, "kg-details").text.startswith(label)


def test_search_without_match_says_so(browser: Any, news: tuple[nx.MultiDiGraph, Path]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    load(browser, news[1])
    browser.find_element(By.ID, "kg-search").send_keys("Nvidia", Keys.ENTER)
    assert browser.execute_script("return kg.network.getSelectedNodes()") == []
    assert "Nvidia" in browser.find_element(By.ID, "kg-status").text


def test_filters_hide_classes_and_relations(
    browser: Any, news: tuple[nx.MultiDiGraph, Path]
) -> None:
    from selenium.webdriver.common.by import By

    g, page = news
    load(browser, page)
    visible = "return [kg.nodes.get({filter: n => !n.hidden}).length, kg.edges.get({filter: e => !e.hidden}).length]"
    browser.find_element(By.CSS_SELECTOR, "#kg-classes input[data-name='Person']").click()
    people = [n for n, d in g.nodes(data=True) if d["type"] == "Person"]
    person_edges = [e for e in g.edges(data=True) if e[0] in people or e[1] in people]
    assert browser.execute_script(visible) == [
        g.number_of_nodes() - len(people),
        g.number_of_edges() - len(person_edges),
    ]
    browser.find_element(By.CSS_SELECTOR, "#kg-relations input[data-name='releases']").click()
    releases = [e for e in g.edges(data=True) if e[2]["relation"] == "releases"]
    assert browser.execute_script(visible)[1] == g.number_of_edges() - len(person_edges) - len(
        releases
    )
    browser.find_element(By.CSS_SELECTOR, "#kg-classes input[data-name='Person']").click()
    browser.find_element(By.CSS_SELECTOR, "#kg-relations input[data-name='releases']").click()
    assert browser.execute_script(visible) == [g.number_of_nodes(), g.number_of_edges()]


def test_hover_and_click_show_evidence(browser: Any, news: tuple[nx.MultiDiGraph, Path]) -> None:
    from selenium.webdriver.common.by import By

    g, page = news
    load(browser, page)
    meta = next(n for n, d in g.nodes(data=True) if d["label"] == "Meta")
    point = browser.execute_script(
        "return kg.network.canvasToDOM(kg.network.getPositions([arguments[0]])[arguments[0]])", meta
    )
    _pointer(browser, point, click=True)
    tip = browser.find_element(By.ID, "kg-tip")
    assert tip.is_displayed() and tip.text.lower().startswith("meta\norganization")
    assert "Also: Facebook · Meta Platforms" in tip.text
    assert "Meta a dévoilé jeudi Llama 3" in browser.find_element(By.ID, "kg-details").text
    assert "Meta lance Llama 3 et défie OpenAI" in browser.find_element(By.ID, "kg-details").text


def _pointer(driver: Any, point: dict[str, float], *, click: bool) -> None:
    """Move the real mouse to a point of the network's canvas (DOM coordinates), maybe click."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    canvas = driver.find_element(By.CSS_SELECTOR, "#kg-network canvas")
    size = canvas.size
    chain = ActionChains(driver, duration=0).move_to_element_with_offset(
        canvas, int(point["x"] - size["width"] / 2), int(point["y"] - size["height"] / 2)
    )
    (chain.click() if click else chain).perform()


def test_hostile_content_is_shown_as_text(
    browser: Any, hostile: tuple[nx.MultiDiGraph, Path]
) -> None:
    from selenium.webdriver.common.by import By

    g, page = hostile
    load(browser, page)
    assert browser.execute_script("return window.__pwned") is None
    assert browser.title == "</title>" + SCRIPT
    items = [("node", n, g.nodes[n]["label"]) for n in g.nodes]
    items += [("edge", f"e{i}", d["label"]) for i, (_, _, d) in enumerate(g.edges(data=True))]
    by_mouse, texts = 0, []
    for kind, item, label in items:
        point = browser.execute_script(
            "const net = kg.network, [kind, id] = arguments;"
            "const p = kind === 'node' ? net.getPositions([id])[id] : net.body.edges[id].edgeType.getPoint(0.5);"
            "const dom = net.canvasToDOM(p);"
            "const hit = kind === 'node' ? net.getNodeAt(dom) : (net.getNodeAt(dom) === undefined ? net.getEdgeAt(dom) : null);"
            "return {x: dom.x, y: dom.y, hit: hit === id};",
            kind,
            item,
        )
        if point["hit"]:  # hover then click with the real mouse
            by_mouse += 1
            _pointer(browser, point, click=False)
            assert (
                browser.execute_script("return document.getElementById('kg-tip').hidden") is False
            )
            texts.append(browser.find_element(By.ID, "kg-tip").get_property("textContent"))
            _pointer(browser, point, click=True)
        else:  # hidden under another item: send the events vis-network would send
            browser.execute_script(
                "const [kind, id, p] = arguments, e = {pointer: {DOM: p}, nodes: [], edges: []};"
                "e[kind] = id; e[kind + 's'] = [id];"
                "kg.network.emit(kind === 'node' ? 'hoverNode' : 'hoverEdge', e); kg.network.emit('click', e);",
                kind,
                item,
                point,
            )
            texts.append(browser.find_element(By.ID, "kg-tip").get_property("textContent"))
        details = browser.find_element(By.ID, "kg-details").get_property("textContent")
        assert label in texts[-1] and label in details
        texts.append(details)
        assert browser.execute_script("return window.__pwned") is None
    assert by_mouse >= len(g.nodes)  # every node by the real mouse
    everything = "\n".join(texts)
    for s in (*HOSTILE, "Lieu & <b>gras</b>"):
        assert s in everything
    assert (
        browser.execute_script(
            "return document.querySelectorAll('#kg-main img, #kg-main b, #kg-main textarea').length"
        )
        == 0
    )
    assert browser.execute_script("return document.scripts.length") == 6
    assert console_errors(browser) == []
    assert all(u.startswith(("file:", "data:")) for u in requested_urls(browser))


def test_empty_graph(browser: Any, tmp_path: Path) -> None:
    page = write_html(nx.MultiDiGraph(), tmp_path / "empty.html")
    load(browser, page)
    assert browser.execute_script("return kg.network.body.data.nodes.length") == 0
    assert console_errors(browser) == []


def test_large_graph_lays_out_quickly(browser: Any, tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    for i in range(240):
        g.add_node(
            f"n{i}",
            label=f"Entité {i}",
            type=("Person", "Organization", "AIModel", "Product", "Place")[i % 5],
        )
    for i in range(1, 240):
        g.add_edge(
            f"n{i}", f"n{(i * 7) % i}", key="owns", relation="owns", label="owns", evidence=[]
        )
    page = write_html(g, tmp_path / "big.html")
    start = time.monotonic()
    load(browser, page)
    assert time.monotonic() - start < 15
    assert browser.execute_script("return kg.network.body.data.nodes.length") == 240
    assert console_errors(browser) == []


def test_screenshot_script(
    browser: Any, news: tuple[nx.MultiDiGraph, Path], tmp_path: Path
) -> None:
    png = _screenshot_module().capture(browser, news[1], tmp_path / "shot" / "g.png", search="Meta")
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
    assert [
        news[0].nodes[n]["label"]
        for n in browser.execute_script("return kg.network.getSelectedNodes()")
    ] == ["Meta"]
