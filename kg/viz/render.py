"""Render graph pages and the index to HTML strings that work offline.

The nodes and edges go through a pyvis ``Network``, but the page comes from our
own template (templates/graph.html.j2): pyvis 0.3.2's template loads bootstrap
from a CDN; ours loads vis-network's JavaScript from the output folder's own
``lib/`` (written once per folder, as pyvis's ``cdn_resources="local"`` does: a
thousand pages of an archive would otherwise carry a thousand copies of its
470 kB), inlines our own script and CSS, and loads nothing from the network. (vis-network.css, 220 kB, only
styles the configurator, manipulation and navigation widgets we do not use,
plus the tooltip, which page.css styles.) Every value from a document reaches the
page only inside a ``<script type="application/json">`` block (escaped by
Jinja's ``tojson``) or as autoescaped text; the page script builds tooltips
with ``textContent``. A Content-Security-Policy allows only the page's own
inline scripts (by hash) and scripts of the folder itself (``'self'`` and
``file:``, for pages opened from a share or a disk), and no network access at
all, so even a missed escape could neither run nor load anything.
"""
from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path

import jinja2
import pyvis
from markupsafe import Markup
from pyvis.network import Network

from kg.viz.elements import EDGE_ROWS_OF_TASK, KIND_ORDER, Elements
from kg.viz.style import TEMPLATES, Style

VIS_VERSION = "9.1.2"
VIS_DIR = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / f"vis-{VIS_VERSION}"
FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", sans-serif'
_SCRIPT_END = re.compile(r"</script", re.IGNORECASE)


class _Network(Network):
    """pyvis Network whose add_node/add_edge are O(1) (pyvis checks membership in a list)."""

    def __init__(self) -> None:
        super().__init__(directed=True, cdn_resources="in_line", height="100%", width="100%")
        self._ids: set[str] = set()

    def add_node(self, n_id, label=None, shape="dot", color="#97c2fc", **options):  # noqa: D102
        if n_id in self._ids:
            return
        self._ids.add(n_id)
        self.node_ids.append(n_id)
        node = {"id": n_id, "label": label if label is not None else n_id, "shape": shape, "color": color, **options}
        self.nodes.append(node)
        self.node_map[n_id] = node

    def add_edge(self, source, to, **options):  # noqa: D102
        if source not in self._ids or to not in self._ids:
            raise ValueError(f"edge {source!r} -> {to!r} between nodes not on the page")
        self.edges.append({"from": source, "to": to, **options})


def _asset(path: Path) -> Markup:
    """A static file inlined into a <script> or <style> block (it must not close the block)."""
    text = path.read_text(encoding="utf-8")
    if _SCRIPT_END.search(text) or "</style" in text.lower():
        raise RuntimeError(f"{path} cannot be inlined: it contains a closing tag")
    return Markup(text)


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


@lru_cache(maxsize=1)
def _assets() -> dict[str, Markup]:
    return {
        "page_js": _asset(TEMPLATES / "graph.js"),
        "page_css": _asset(TEMPLATES / "page.css"),
    }


# vis-network as kg viz writes it into an output folder: lib/<VIS_LIB>, its first line naming kg viz.
VIS_LIB = f"vis-network-{VIS_VERSION}.min.js"
VIS_MARK = f"/* written by kg viz: vis-network {VIS_VERSION} from pyvis {pyvis.__version__} */\n"


@lru_cache(maxsize=1)
def vis_library() -> str:
    """The text of lib/VIS_LIB: vis-network's JavaScript under kg viz's mark."""
    text = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    # pyvis ships no source map: without the pointer to one, a browser's tools never ask for it
    return VIS_MARK + re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def csp(scripts: list[str], files: bool = False) -> str:
    """A policy that runs only the given inline scripts (and, with ``files``, scripts from the page's own
    folder or disk) and allows no request of any kind."""
    script_src = " ".join(([_sha256(s) for s in scripts]) + (["'self'", "file:"] if files else [])) or "'none'"
    return ("default-src 'none'; " f"script-src {script_src}; " "style-src 'unsafe-inline'; img-src data:; "
            "font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'")


def vis_options(n_nodes: int, aggregated: bool, fixed: bool = False) -> dict:
    """vis-network options: fixed random seed (same layout every time), physics off once stable; with
    ``fixed`` the nodes come with their positions (kg.viz.layout) and physics never runs."""
    options = {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 100},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -90 if aggregated else -60, "centralGravity": 0.03,
                                 "springLength": 140 if aggregated else (90 if n_nodes <= 100 else 70), "springConstant": 0.08,
                                 "damping": 0.5, "avoidOverlap": 0.6},
            "stabilization": {"enabled": True, "iterations": 500 if n_nodes <= 1000 else 200,
                              "updateInterval": 50, "fit": True},
            "minVelocity": 1.0,
        },
        "interaction": {"hover": True, "tooltipDelay": 80, "hideEdgesOnDrag": n_nodes > 800,
                        "navigationButtons": False, "keyboard": False},
        "nodes": {"borderWidth": 1, "font": {"face": FONT, "strokeColor": "#ffffff"},
                  "scaling": {"min": 8, "max": 34, "label": {"enabled": False, "drawThreshold": 6}}},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "scaling": {"min": 1, "max": 10}, "selectionWidth": 2, "hoverWidth": 1},
    }
    if fixed:
        options["physics"] = {"enabled": False}
        options["layout"] = {"randomSeed": 7, "improvedLayout": False}
    return options


def network(elements: Elements) -> _Network:
    """The page's pyvis Network (nodes and edges in the elements' deterministic order)."""
    net = _Network()
    for node in elements.nodes:
        opts = {k: v for k, v in node.items() if k not in ("id", "label", "shape", "color")}
        net.add_node(node["id"], label=node["label"], shape=node["shape"], color=node["color"], **opts)
    for edge in elements.edges:
        net.add_edge(edge["from"], edge["to"], **{k: v for k, v in edge.items() if k not in ("from", "to")})
    net.options = vis_options(len(elements.nodes), bool(elements.note), elements.fixed)
    return net


def _legend(style: Style, kinds: set[str] | None = None, roles: set[str] | None = None) -> tuple[list, list]:
    ks = [{"key": k, **style.kinds[k]} for k in KIND_ORDER if k in style.kinds and (kinds is None or k in kinds)]
    rs = [{"key": r, **v} for r, v in style.roles.items() if roles is None or r in roles]
    return ks, rs


def graph_page(elements: Elements, style: Style, *, title: str, subtitle: str, home: str,
               overview: str | None, task_count: int | None, unassigned_count: int, lib: str) -> str:
    """One graph page: header, search and filters, and the network drawn from inline data; ``lib`` is the
    relative address of the folder's lib/ (``lib`` or ``../lib``)."""
    net = network(elements)
    kinds, roles = _legend(style, {n["kind"] for n in net.nodes}, {e["role"] for e in net.edges})
    assets = _assets()
    html = _env().get_template("graph.html.j2").render(
        csp=csp([str(assets["page_js"])], files=True), vis_src=f"{lib}/{VIS_LIB}",
        title=title, subtitle=subtitle, home=home, overview=overview, note=elements.note,
        node_count=len(net.nodes), edge_count=len(net.edges), task_count=task_count,
        unassigned_count=unassigned_count, kinds=kinds, roles=roles,
        data={"nodes": net.nodes, "edges": net.edges, "options": net.options, "edgeRowsOfTask": EDGE_ROWS_OF_TASK},
        pyvis_version=pyvis.__version__, vis_version=VIS_VERSION, **assets,
    )
    return html


def matrix_page(*, documents: list[dict], rows: list[dict], note: str = "") -> str:
    """The 分工矩阵: bodies × documents with task counts by role, each cell linking to its tasks (no script)."""
    return _env().get_template("matrix.html.j2").render(csp=csp([]), page_css=_assets()["page_css"],
                                                        documents=documents, rows=rows, note=note)


def index_page(style: Style, *, counts: dict, overview: dict, departments: list[dict], documents: list[dict]) -> str:
    """The plain index: counts, legend and links to every graph page (no script at all)."""
    kinds, roles = _legend(style)
    return _env().get_template("index.html.j2").render(
        csp=csp([]), page_css=_assets()["page_css"], counts=counts, kinds=kinds, roles=roles,
        overview=overview, departments=departments, documents=documents,
    )
