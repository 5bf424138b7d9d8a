"""The human-readable reports a Clarify job leaves beside ``analysis.json``.

Clarify writes its report three ways, named by ``methods.report.name`` (default
``report``): ``report.html``, ``report.ipynb`` and ``report.pdf``. dagmaker writes the
first two from the same content — one table per bias stage (facet, group, metric,
value or error) and one per explained label (features by global SHAP value) — and no
PDF.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Mapping
from typing import Any

DEFAULT_NAME = "report"
DEFAULT_TITLE = "SageMaker Analysis Report"
STAGES = (
    ("pre_training_bias_metrics", "Pre-training bias metrics"),
    ("post_training_bias_metrics", "Post-training bias metrics"),
)


def report_files(analysis: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, str]:
    """File name → content of each report, for ``methods.report`` ``settings``."""
    name = str(settings.get("name") or DEFAULT_NAME)
    title = str(settings.get("title") or DEFAULT_TITLE)
    tables = list(_tables(analysis))
    return {f"{name}.html": _html(title, tables), f"{name}.ipynb": _notebook(title, tables)}


_Table = tuple[str, str, list[str], list[list[str]]]


def _tables(analysis: Mapping[str, Any]) -> Iterator[_Table]:
    for key, heading in STAGES:
        section = analysis.get(key)
        if not section:
            continue
        rows = [
            [facet, group["value_or_threshold"], m["name"], m["description"], _shown(m)]
            for facet, groups in section["facets"].items()
            for group in groups
            for m in group["metrics"]
        ]
        note = f"Label {section['label']}, positive {section['label_value_or_threshold']}"
        yield heading, note, ["Facet", "Group", "Metric", "Description", "Value"], rows
    for label, entry in ((analysis.get("explanations") or {}).get("kernel_shap") or {}).items():
        ranked = sorted(entry["global_shap_values"].items(), key=lambda item: -item[1])
        yield (
            f"Feature attributions (kernel SHAP), {label}",
            f"Expected value {entry['expected_value']}",
            ["Feature", "Global SHAP value"],
            [[feature, repr(value)] for feature, value in ranked],
        )


def _shown(metric: Mapping[str, Any]) -> str:
    if metric.get("value") is None:
        return f"not computed: {metric.get('error', 'no value')}"
    value = metric["value"]
    return value if isinstance(value, str) else repr(value)


def _html(title: str, tables: list[_Table]) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style>",
        f"</head><body><h1>{html.escape(title)}</h1>",
    ]
    for heading, note, columns, rows in tables:
        parts.append(f"<h2>{html.escape(heading)}</h2><p>{html.escape(note)}</p><table>")
        parts.append("<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in columns) + "</tr>")
        parts += [
            "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>"
            for row in rows
        ]
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _notebook(title: str, tables: list[_Table]) -> str:
    cells = [_markdown(f"# {title}")]
    for heading, note, columns, rows in tables:
        lines = [f"## {heading}", "", note, "", "| " + " | ".join(columns) + " |"]
        lines.append("|" + " --- |" * len(columns))
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
        cells.append(_markdown("\n".join(lines)))
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
    return json.dumps(notebook, indent=1) + "\n"


def _markdown(text: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {}, "source": text.splitlines(keepends=True)}


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|")
