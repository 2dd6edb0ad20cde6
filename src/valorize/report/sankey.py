"""Where every element goes: Sankey diagrams of a refinery run, one colour per element.

Two figures, because selenium is some 90 % of the mass and its impurities would be
hairlines beside it: all elements (``sankey``), then the impurities alone on their own
scale (``sankey-impurities``). In each, an element whose feed is under
:data:`GROUPED_BELOW` of the figure's total is drawn with the others that small as
one grouped source (named, each element's tonnage in the hover), so every node's label
has room to be read. Node labels carry their t/yr.
"""

from __future__ import annotations

from typing import Any

#: An element under this share of a figure's total mass goes into the grouped source.
GROUPED_BELOW = 0.02
#: Opacity of the links (the element's colour, so crossing links stay readable).
_ALPHA = 0.55


def element_flows(s: dict[str, Any]) -> dict[str, dict[str, float]]:
    """t/yr of each element into product, residue, volatile cut and side condensates."""
    product_t = s["product_t_per_yr"]
    flows: dict[str, dict[str, float]] = {}
    for el, pct in s["residue_wt_pct"].items():
        ppm = s["impurities_ppm"].get(el)
        in_product = product_t * (s["product_Se_wt_pct"] / 100 if el == "Se" else ppm / 1e6)
        flows[el] = {
            "product": in_product,
            "residue": s["residue_t_per_yr"] * pct / 100,
            "volatile cut": s["volatile_cut_t_per_yr"] * s["volatile_cut_wt_pct"][el] / 100,
        }
        for z in s.get("side_condensates", []):
            flows[el][f"{z['name']} condensate"] = z["t_per_yr"] * z["wt_pct"][el] / 100
    return flows


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _grouped(
    flows: dict[str, dict[str, float]],
) -> tuple[dict[str, dict[str, float]], dict[str, list[str]]]:
    """Flows with the small elements summed into one source, and who is in it."""
    total = sum(sum(v.values()) for v in flows.values())
    small = [el for el, v in flows.items() if sum(v.values()) < GROUPED_BELOW * total]
    if len(small) < 2:
        return flows, {}
    name = "other: " + ", ".join(small)
    kept = {el: v for el, v in flows.items() if el not in small}
    kept[name] = {sink: sum(flows[el][sink] for el in small) for sink in flows[small[0]]}
    return kept, {name: small}


def element_colours(elements: list[str]) -> dict[str, str]:
    """One colour per element (plotly's Dark24 palette), the same in every figure."""
    from plotly.colors import qualitative

    palette = qualitative.Dark24
    return {el: palette[i % len(palette)] for i, el in enumerate(elements)}


def sankey_figure(
    flows: dict[str, dict[str, float]], title: str, colours: dict[str, str] | None = None
) -> Any:
    """A Sankey of ``flows`` (element -> sink -> t/yr), each element in its colour."""
    import plotly.graph_objects as go

    shown, groups = _grouped(flows)
    colour = dict(colours or element_colours(list(flows)))
    for name in groups:
        colour[name] = "#888888"
    sinks = [k for k in next(iter(shown.values())) if any(v[k] > 0 for v in shown.values())]
    into = {sink: sum(v[sink] for v in shown.values()) for sink in sinks}
    labels = [f"{el} {sum(v.values()):.3g} t/yr" for el, v in shown.items()]
    labels += [f"{sink} {into[sink]:.3g} t/yr" for sink in sinks]
    source, target, value, colours, hover = [], [], [], [], []
    for i, (el, v) in enumerate(shown.items()):
        members = groups.get(el, [el])
        for j, sink in enumerate(sinks):
            if v[sink] <= 0:
                continue
            source.append(i)
            target.append(len(shown) + j)
            value.append(v[sink])
            colours.append(_rgba(colour[el], _ALPHA))
            hover.append("<br>".join(f"{m} to {sink}: {flows[m][sink]:.4g} t/yr" for m in members))
    node_colours = [colour[el] for el in shown] + ["#444444"] * len(sinks)
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={"label": labels, "pad": 18, "color": node_colours, "thickness": 16},
            link={
                "source": source,
                "target": target,
                "value": value,
                "color": colours,
                "customdata": hover,
                "hovertemplate": "%{customdata}<extra></extra>",
            },
        )
    )
    fig.update_layout(title={"text": title}, height=560, template="plotly_white", font={"size": 12})
    return fig


def sankey_figures(s: dict[str, Any], solvent: str = "Se") -> dict[str, Any]:
    """The two Sankeys of a run's summary: all elements, and the impurities alone."""
    flows = element_flows(s)
    colours = element_colours(list(flows))
    impurities = {el: v for el, v in flows.items() if el != solvent}
    out = {"sankey": sankey_figure(flows, "Where every element goes (t/yr)", colours)}
    if impurities:
        out["sankey-impurities"] = sankey_figure(
            impurities,
            f"Where the impurities go, {solvent} left out (t/yr, their own scale)",
            colours,
        )
    return out
