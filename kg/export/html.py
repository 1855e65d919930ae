"""A self-contained interactive HTML page of the entity graph (pyvis / vis-network).

The page makes no network request: vis-network's script (shipped inside pyvis) and our own
script and style are inlined, and a Content-Security-Policy allows nothing else. Labels,
aliases and evidence sentences are data, never markup: they travel as JSON (with ``<``,
``>``, ``&``, U+2028/9 escaped) and are put into the page with ``textContent`` only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import Dataset, Graph

from kg.io import atomic_write
from kg.schema import SYMMETRIC, relation_types

if TYPE_CHECKING:
    from pyvis.network import Network

#: Colour and vis-network shape of each entity class (Okabe-Ito palette, colour-blind safe).
CLASS_STYLE: dict[str, tuple[str, str, str]] = {
    # name: (label, colour, shape)
    "Person": ("Person", "#E69F00", "dot"),
    "Organization": ("Organization", "#0072B2", "square"),
    "AIModel": ("AI model", "#D55E00", "diamond"),
    "Product": ("Product", "#009E73", "triangle"),
    "Place": ("Place", "#8E6BB5", "triangleDown"),
}
#: Colour of each relation's edges (labels: the schema's English labels); memberships are drawn
#: as ``memberOf``, former ones (``kg:current false``) as dashed ``formerMemberOf``.
RELATION_COLOURS: dict[str, str] = {
    "releases": "#C0504D",
    "owns": "#2F6FA8",
    "investsIn": "#2E8B57",
    "competesWith": "#7A7A7A",
    "sues": "#8B1A1A",
}
RELATION_STYLE: dict[str, tuple[str, str]] = {
    "memberOf": ("role (member of)", "#B07A00"),
    "formerMemberOf": ("former role (was member of)", "#B07A00"),
    **{r.name: (r.label_en, RELATION_COLOURS.get(r.name, "#9E9E9E")) for r in relation_types().values()},
}
DASHED = {"formerMemberOf", *SYMMETRIC}
_OTHER = ("#9E9E9E", "dot")
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
_VIS_JS = Path("templates", "lib", "vis-9.1.2", "vis-network.min.js")


def render_html(graph: Graph | Dataset | nx.MultiDiGraph, *, title: str = "kg") -> str:
    """The page as a string: same graph, same bytes."""
    from pyvis.network import Network  # imports IPython: keep it out of `import kg`

    g = graph if isinstance(graph, nx.Graph) else _to_networkx(graph)
    net = Network(
        height="100%", width="100%", directed=True, heading=title, cdn_resources="in_line"
    )
    net.nodes, net.edges = _vis_nodes(g), _vis_edges(g)
    net.options = _options(g.number_of_nodes())
    _use_template(net, g, title)
    return net.generate_html(name="graph.html")


def write_html(
    graph: Graph | Dataset | nx.MultiDiGraph, path: str | os.PathLike[str], *, title: str = "kg"
) -> Path:
    """Write the page to ``path`` atomically; returns the path."""
    return atomic_write(path, render_html(graph, title=title))


def _to_networkx(graph: Graph | Dataset) -> nx.MultiDiGraph:
    from kg.export.nx import to_networkx

    return to_networkx(graph)


def _vis_nodes(g: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """vis-network node objects; ``kg*`` fields are ours (vis ignores them)."""
    nodes = []
    for node_id, a in g.nodes(data=True):
        kind = a.get("type", "")
        _, colour, shape = CLASS_STYLE.get(kind, ("", *_OTHER))
        nodes.append(
            {
                "id": node_id,
                "label": a.get("label", node_id),
                "shape": shape,
                "value": g.degree(node_id),
                "physics": g.degree(node_id) > 0,  # isolated nodes are shelved below (script)
                "color": {
                    "background": colour,
                    "border": _shade(colour, 0.65),
                    "highlight": {"background": _shade(colour, 1.25), "border": "#111111"},
                    "hover": {"background": _shade(colour, 1.15), "border": "#111111"},
                },
                "kgType": kind,
                "kgAltLabels": list(a.get("altLabels", [])),
                "kgWikidata": a.get("wikidata", ""),
                "kgArticles": list(a.get("articles", [])),
            }
        )
    return nodes


def _vis_edges(g: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """vis-network edge objects, parallel edges curved apart, each with its evidence."""
    per_pair: dict[frozenset[str], int] = {}
    for u, v in g.edges():
        pair = frozenset((u, v))
        per_pair[pair] = per_pair.get(pair, 0) + 1
    seen: dict[frozenset[str], int] = {}
    edges = []
    for i, (u, v, a) in enumerate(g.edges(data=True)):
        relation = a.get("relation", "")
        label, colour = RELATION_STYLE.get(relation, (relation, _OTHER[0]))
        full = str(a.get("label", relation)) if relation == "memberOf" else label
        edge: dict[str, Any] = {
            "id": f"e{i}",
            "from": u,
            "to": v,
            "label": _short(full),
            "kgLabel": full,
            "length": min(260, 110 + 4 * len(_short(full))),  # room for the label between the ends
            "color": {
                "color": colour,
                "highlight": _shade(colour, 0.6),
                "hover": _shade(colour, 0.7),
            },
            "dashes": relation in DASHED,
            "kgRelation": relation,
            "kgEvidence": [
                {"sentence": e.get("sentence", ""), "article": e.get("article", "")}
                for e in a.get("evidence", [])
            ],
        }
        pair = frozenset((u, v))
        n = per_pair[pair]
        j = seen.get(pair, 0) + (n + 1) % 2  # with an odd count, the first edge stays straight
        seen[pair] = seen.get(pair, 0) + 1
        if n > 1 and j > 0:
            # alternate sides of the straight line; "CW" is the other side for the reverse direction
            clockwise = (j % 2 == 0) == (u < v)
            edge["smooth"] = {
                "enabled": True,
                "type": "curvedCW" if clockwise else "curvedCCW",
                "roundness": 0.25 * ((j + 1) // 2),
            }
        edges.append(edge)
    return edges


def _short(label: str, limit: int = 32) -> str:
    """A label cut to ``limit`` characters at a word boundary, with an ellipsis if cut.

    >>> _short("vice-présidente de la recherche sur l'IA")
    'vice-présidente de la recherche…'
    """
    if len(label) <= limit:
        return label
    cut = label[: limit - 1]
    if label[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "\u2026"


def _options(n_nodes: int) -> dict[str, Any]:
    """vis-network options: physics lays the graph out once, then the script turns it off."""
    # A label smaller than this on screen is not drawn: big graphs name their hubs until zoomed.
    small = 4 if n_nodes <= 80 else 9
    font = {"face": _FONT, "color": "#1F2328", "strokeWidth": 4, "strokeColor": "#FFFFFF"}
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 400},
        "nodes": {
            "borderWidth": 2,
            "font": {**font, "size": 16},
            "scaling": {
                "min": 12,
                "max": 30,
                "label": {
                    "enabled": True,
                    "min": 15,
                    "max": 26,
                    "drawThreshold": small,
                    "maxVisible": 32,
                },
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "width": 1.5,
            "selectionWidth": 2,
            "smooth": False,
            "font": {
                **font,
                "size": 13,
                "color": "#333333",
                "strokeWidth": 4,
                "align": "middle",
            },
            "scaling": {"label": {"enabled": True, "drawThreshold": small + 2}},
        },
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -12000,
                "centralGravity": 0.3,
                "springLength": 130,
                "springConstant": 0.03,
                "damping": 0.25,
                "avoidOverlap": 0.5,
            },
            "minVelocity": 1,
            "stabilization": {
                "enabled": True,
                "iterations": 800 if n_nodes <= 100 else 400,  # 242 nodes: 5 s instead of 9-14 s
                "updateInterval": 50,
                "fit": True,
            },
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": n_nodes > 300,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
        },
    }


def _shade(colour: str, factor: float) -> str:
    """``colour`` (#RRGGBB) darker (factor < 1) or lighter (factor > 1)."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    if factor <= 1:
        rgb = [round(c * factor) for c in rgb]
    else:
        rgb = [round(c + (255 - c) * (factor - 1)) for c in rgb]
    return "#" + "".join(f"{c:02X}" for c in rgb)


def script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>``, ``&``, U+2028/9 escaped.

    >>> script_json({"a": "</script><b>&\\u2028"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026\\\\u2028"}'
    """
    text = json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


def _legend(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Classes and relations present in the graph, with their style and count, for the legend."""
    kinds = [a.get("type", "") for _, a in g.nodes(data=True)]
    relations = [a.get("relation", "") for _, _, a in g.edges(data=True)]
    classes = [
        {"name": k, "label": lbl, "color": c, "shape": s, "count": kinds.count(k)}
        for k, (lbl, c, s) in CLASS_STYLE.items()
        if k in kinds
    ]
    classes += [
        {"name": k, "label": k, "color": _OTHER[0], "shape": _OTHER[1], "count": kinds.count(k)}
        for k in sorted(set(kinds) - set(CLASS_STYLE))
    ]
    rels = [
        {"name": k, "label": lbl, "color": c, "count": relations.count(k)}
        for k, (lbl, c) in RELATION_STYLE.items()
        if k in relations
    ]
    rels += [
        {"name": k, "label": k, "color": _OTHER[0], "count": relations.count(k)}
        for k in sorted(set(relations) - set(RELATION_STYLE))
    ]
    return {"classes": classes, "relations": rels}


def _csp_hash(script: str) -> str:
    return (
        "'sha256-"
        + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        + "'"
    )


def _use_template(net: Network, g: nx.MultiDiGraph, title: str) -> None:
    """Make ``net.generate_html`` render our template instead of pyvis' (which loads CDNs)."""
    import pyvis
    from jinja2 import DictLoader, Environment, select_autoescape
    from markupsafe import Markup

    vis_js = (Path(pyvis.__file__).parent / _VIS_JS).read_text("utf-8")
    if "</script" in vis_js.lower() or "<!--" in vis_js:
        raise RuntimeError("vis-network's script cannot be inlined as is")  # never with 9.1.2
    env = Environment(
        loader=DictLoader({"kg.html": _TEMPLATE}), autoescape=select_autoescape(default=True)
    )
    env.filters["script_json"] = lambda value: Markup(script_json(value))
    env.filters["json_text"] = lambda text: Markup(
        script_json(json.loads(text))
    )  # pyvis gives text
    env.globals.update(
        page_title=title,
        legend=_legend(g),
        vis_js=vis_js,
        app_js=_APP_JS,
        app_css=_APP_CSS,
        csp=(
            "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            f"script-src {_csp_hash(vis_js)} {_csp_hash(_APP_JS)}; base-uri 'none'; form-action 'none'"
        ),
    )
    net.templateEnv = env
    net.path = "kg.html"


# Strings go into the DOM with textContent only; never innerHTML (labels come from articles).
_APP_JS = r"""
(function () {
  "use strict";
  function data(id) { return JSON.parse(document.getElementById(id).textContent); }
  var nodeList = data("kg-nodes"), edgeList = data("kg-edges"), legend = data("kg-legend");
  var options = data("kg-options");
  var nodes = new vis.DataSet(nodeList), edges = new vis.DataSet(edgeList);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  var tip = document.getElementById("kg-tip");
  var details = document.getElementById("kg-details");
  var status = document.getElementById("kg-status");
  var search = document.getElementById("kg-search");
  var classLabel = {}, relationLabel = {}, classOn = {}, relationOn = {};
  var byNode = {};
  edgeList.forEach(function (e) {
    (byNode[e.from] = byNode[e.from] || []).push(e.id);
    if (e.to !== e.from) (byNode[e.to] = byNode[e.to] || []).push(e.id);
  });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function swatch(shape, colour) {
    var s = svg("svg", {width: 16, height: 16, viewBox: "0 0 16 16", "aria-hidden": "true"});
    var style = {fill: colour, stroke: "rgba(0,0,0,.45)", "stroke-width": 1};
    var shapes = {
      dot: ["circle", {cx: 8, cy: 8, r: 6.5}],
      square: ["rect", {x: 2, y: 2, width: 12, height: 12}],
      diamond: ["polygon", {points: "8,1 15,8 8,15 1,8"}],
      triangle: ["polygon", {points: "8,1.5 15,14 1,14"}],
      triangleDown: ["polygon", {points: "1,2 15,2 8,14.5"}],
      line: ["rect", {x: 0, y: 6.5, width: 16, height: 3}]
    };
    var d = shapes[shape] || shapes.dot;
    s.appendChild(svg(d[0], Object.assign({}, d[1], style)));
    return s;
  }

  function evidenceOf(kind, id) {
    if (kind === "edge") return edges.get(id).kgEvidence;
    var seen = {}, out = [];
    (byNode[id] || []).forEach(function (eid) {
      edges.get(eid).kgEvidence.forEach(function (ev) {
        var key = ev.article + "\u0000" + ev.sentence;
        if (!seen[key]) { seen[key] = true; out.push(ev); }
      });
    });
    return out;
  }

  function describe(kind, id, limit) {
    var card = el("div", "kg-card");
    if (kind === "node") {
      var n = nodes.get(id);
      card.appendChild(el("div", "kg-card-title", n.label));
      card.appendChild(el("div", "kg-card-class", classLabel[n.kgType] || n.kgType));
      if (n.kgAltLabels.length) card.appendChild(el("div", "kg-card-alt", "Also: " + n.kgAltLabels.join(" \u00b7 ")));
      if (n.kgWikidata) card.appendChild(el("div", "kg-card-alt", "Wikidata: " + n.kgWikidata.replace(/^.*\//, "")));
    } else {
      var e = edges.get(id);
      card.appendChild(el("div", "kg-card-title", nodes.get(e.from).label + " \u2192 " + e.kgLabel + " \u2192 " + nodes.get(e.to).label));
      card.appendChild(el("div", "kg-card-class", relationLabel[e.kgRelation] || e.kgRelation));
    }
    var evidence = evidenceOf(kind, id);
    var shown = limit ? evidence.slice(0, limit) : evidence;
    if (shown.length) {
      var list = el("ul", "kg-evidence");
      shown.forEach(function (ev) {
        var li = el("li");
        li.appendChild(el("q", null, ev.sentence));
        li.appendChild(el("cite", null, ev.article));
        list.appendChild(li);
      });
      card.appendChild(list);
    } else {
      card.appendChild(el("div", "kg-more", "No evidence sentence."));
    }
    if (shown.length < evidence.length) card.appendChild(el("div", "kg-more", "+" + (evidence.length - shown.length) + " more: click to see all"));
    if (kind === "node" && !limit && nodes.get(id).kgArticles.length) {
      card.appendChild(el("div", "kg-card-alt", "Mentioned in: " + nodes.get(id).kgArticles.join(" \u00b7 ")));
    }
    return card;
  }

  function hideTip() { tip.hidden = true; }
  function showTip(kind, id, pointer) {
    tip.replaceChildren(describe(kind, id, 3));
    tip.hidden = false;
    var at = pointer || {x: 10, y: 10};
    var w = container.clientWidth, h = container.clientHeight;
    var x = Math.min(at.x + 14, Math.max(0, w - tip.offsetWidth - 4));
    var y = at.y + 14 + tip.offsetHeight > h ? Math.max(0, at.y - tip.offsetHeight - 10) : at.y + 14;
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function showDetails(kind, id) {
    details.replaceChildren(describe(kind, id, 0));
  }
  function clearDetails() {
    details.replaceChildren(el("p", "kg-hint", "Hover or click an entity or a link to see its evidence."));
  }

  network.on("hoverNode", function (p) { showTip("node", p.node, p.pointer && p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTip("edge", p.edge, p.pointer && p.pointer.DOM); });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  network.on("click", function (p) {
    if (p.nodes.length) showDetails("node", p.nodes[0]);
    else if (p.edges.length) showDetails("edge", p.edges[0]);
    else clearDetails();
  });

  function applyFilters() {
    var hidden = {}, shownNodes = 0, shownEdges = 0;
    nodes.update(nodeList.map(function (n) {
      var h = !classOn[n.kgType];
      if (h) hidden[n.id] = true; else shownNodes++;
      return {id: n.id, hidden: h};
    }));
    edges.update(edgeList.map(function (e) {
      var h = !relationOn[e.kgRelation] || !!hidden[e.from] || !!hidden[e.to];
      if (!h) shownEdges++;
      return {id: e.id, hidden: h};
    }));
    status.textContent = shownNodes + " entities \u00b7 " + shownEdges + " links";
  }
  function filterBox(holder, item, on, shape) {
    var label = el("label", "kg-filter");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.name = item.name;
    box.addEventListener("change", function () { on[item.name] = box.checked; applyFilters(); });
    on[item.name] = true;
    label.appendChild(box);
    label.appendChild(swatch(shape || item.shape, item.color));
    label.appendChild(el("span", null, item.label));
    label.appendChild(el("span", "kg-count", item.count));
    holder.appendChild(label);
  }
  legend.classes.forEach(function (c) { classLabel[c.name] = c.label; filterBox(document.getElementById("kg-classes"), c, classOn); });
  legend.relations.forEach(function (r) { relationLabel[r.name] = r.label; filterBox(document.getElementById("kg-relations"), r, relationOn, "line"); });

  function fold(s) { return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim(); }
  var names = nodeList.map(function (n) { return {id: n.id, degree: n.value, label: fold(n.label), all: [n.label].concat(n.kgAltLabels).map(fold)}; });
  function find(query) {
    var q = fold(query);
    if (!q) return null;
    var tests = [
      function (x) { return x.label === q; },
      function (x) { return x.all.indexOf(q) >= 0; },
      function (x) { return x.all.some(function (s) { return s.indexOf(q) === 0; }); },
      function (x) { return x.all.some(function (s) { return s.indexOf(q) >= 0; }); }
    ];
    for (var i = 0; i < tests.length; i++) {
      var hits = names.filter(tests[i]);
      if (hits.length) {
        hits.sort(function (a, b) { return b.degree - a.degree || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0); });
        return hits[0].id;
      }
    }
    return null;
  }
  function focus(query) {
    var id = find(query);
    if (id === null) { status.textContent = "No entity matches \u201c" + query + "\u201d"; return null; }
    var type = nodes.get(id).kgType;
    if (!classOn[type]) {
      classOn[type] = true;
      document.querySelectorAll("#kg-classes input").forEach(function (b) { if (b.dataset.name === type) b.checked = true; });
      applyFilters();
    }
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.1), animation: {duration: 300, easingFunction: "easeInOutQuad"}});
    showDetails("node", id);
    return id;
  }
  var datalist = document.getElementById("kg-names");
  nodeList.slice().sort(function (a, b) { return a.label.localeCompare(b.label); }).forEach(function (n) {
    var option = el("option");
    option.value = n.label;
    datalist.appendChild(option);
  });
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); focus(search.value); } });
  search.addEventListener("input", function (e) { if (e.inputType === "insertReplacementText" || e.inputType === undefined) focus(search.value); });

  // Entities without links would drift around the layout: line them up below it instead.
  function shelveIsolated() {
    var lonely = nodeList.filter(function (n) { return !byNode[n.id]; });
    if (!lonely.length) return;
    var linked = nodeList.filter(function (n) { return byNode[n.id]; }).map(function (n) { return n.id; });
    var at = network.getPositions(linked), xs = [], ys = [];
    Object.keys(at).forEach(function (id) { xs.push(at[id].x); ys.push(at[id].y); });
    var left = xs.length ? Math.min.apply(null, xs) : 0, right = xs.length ? Math.max.apply(null, xs) : 0;
    var top = (ys.length ? Math.max.apply(null, ys) : 0) + 140;
    var step = 150, perRow = Math.max(4, Math.floor((right - left) / step) + 1);
    lonely.sort(function (a, b) { return a.kgType < b.kgType ? -1 : a.kgType > b.kgType ? 1 : a.label.localeCompare(b.label); });
    lonely.forEach(function (n, i) { network.moveNode(n.id, left + (i % perRow) * step, top + Math.floor(i / perRow) * 90); });
  }
  function ready() {
    network.setOptions({physics: {enabled: false}});
    shelveIsolated();
    network.fit();
    document.body.dataset.ready = "true";
  }
  network.on("stabilizationProgress", function (p) { status.textContent = "Laying out\u2026 " + Math.round(100 * p.iterations / p.total) + "%"; });
  network.once("stabilizationIterationsDone", function () { ready(); applyFilters(); });
  if (!nodeList.length) { ready(); }
  applyFilters();
  clearDetails();
  window.kg = {network: network, nodes: nodes, edges: edges, find: find, focus: focus, show: showDetails};
})();
"""

_APP_CSS = """
*{box-sizing:border-box}
html,body{margin:0;height:100%;font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1f2328;background:#fff}
body{display:flex;flex-direction:column}
#kg-bar{display:flex;align-items:center;gap:16px;padding:8px 14px;border-bottom:1px solid #d0d7de;background:#f6f8fa}
#kg-bar h1{font-size:17px;margin:0;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:40%}
#kg-search{flex:0 1 320px;padding:6px 10px;border:1px solid #afb8c1;border-radius:6px;font:inherit}
#kg-status{color:#57606a;font-size:13px}
#kg-main{flex:1;display:flex;min-height:0}
#kg-side{width:300px;flex:none;overflow-y:auto;border-right:1px solid #d0d7de;padding:10px 14px;background:#fbfbfc}
#kg-side h2{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:#57606a;margin:10px 0 6px}
.kg-filter{display:flex;align-items:center;gap:7px;padding:2px 0;cursor:pointer}
.kg-filter input{margin:0}
.kg-count{margin-left:auto;color:#57606a;font-size:12px}
#kg-wrap{flex:1;position:relative;min-width:0}
#kg-network{position:absolute;inset:0}
#kg-tip{position:absolute;z-index:10;max-width:380px;pointer-events:none;background:#fff;border:1px solid #afb8c1;border-radius:6px;box-shadow:0 4px 14px rgba(0,0,0,.15);padding:8px 10px}
#kg-details{margin-top:14px;border-top:1px solid #d0d7de;padding-top:8px}
.kg-card-title{font-weight:600;font-size:15px;overflow-wrap:anywhere}
.kg-card-class{color:#57606a;font-size:12px;text-transform:uppercase;letter-spacing:.04em;margin:2px 0 4px}
.kg-card-alt{font-size:13px;color:#3d444d;margin:3px 0;overflow-wrap:anywhere}
.kg-evidence{margin:6px 0 0;padding-left:16px}
.kg-evidence li{margin:0 0 6px;overflow-wrap:anywhere}
.kg-evidence q{display:block;font-style:italic}
.kg-evidence cite{display:block;color:#57606a;font-size:12px;font-style:normal}
.kg-more,.kg-hint{color:#57606a;font-size:12px}
"""

_TEMPLATE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kg (pyvis, vis-network 9.1.2)">
<title>{{ page_title }}</title>
<link rel="icon" href="data:,">
<style>{{ app_css|safe }}</style>
<script>{{ vis_js|safe }}</script>
</head>
<body>
<header id="kg-bar">
<h1>{{ heading }}</h1>
<input id="kg-search" type="search" list="kg-names" placeholder="Find an entity\u2026" autocomplete="off" aria-label="Find an entity">
<datalist id="kg-names"></datalist>
<span id="kg-status" role="status"></span>
</header>
<div id="kg-main">
<aside id="kg-side">
<h2>Classes</h2><div id="kg-classes"></div>
<h2>Relations</h2><div id="kg-relations"></div>
<section id="kg-details" aria-live="polite"></section>
</aside>
<div id="kg-wrap"><div id="kg-network"></div><div id="kg-tip" hidden></div></div>
</div>
<script type="application/json" id="kg-nodes">{{ nodes|script_json }}</script>
<script type="application/json" id="kg-edges">{{ edges|script_json }}</script>
<script type="application/json" id="kg-options">{{ options|json_text }}</script>
<script type="application/json" id="kg-legend">{{ legend|script_json }}</script>
<script>{{ app_js|safe }}</script>
</body>
</html>
"""
