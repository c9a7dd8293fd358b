"""Drawing a figure builder's result on the page: the one module that places figures.

A builder in ``ui.figures`` returns either an HTML grid (a string it wrote and escaped) or a
plotly figure (or a prepared spec); ``show`` draws either, in a column or on the page. Only
this module calls ``st.html``.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st


def show(figure, where=None, *, key: str | None = None, **chart_options) -> None:
    """Draw ``figure`` in ``where`` (a column or container; the page by default).

    figure : an HTML grid from ``ui.figures`` (a str), or a plotly figure for ``st.plotly_chart``
        (``key`` and ``chart_options`` go to it; a figure with a fixed width keeps that width)
    """
    where = where or st
    if isinstance(figure, str):
        where.html(figure)
        return
    if isinstance(figure, go.Figure) and figure.layout.width:
        chart_options.setdefault("width", "content")
    where.plotly_chart(figure, key=key, **chart_options)
