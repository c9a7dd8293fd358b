"""A visitor's own picture: the uploader, the reading (``ui.services.upload``), what happened, in words.

The file is read in memory and keyed by its content in the cache, so visitors who upload the same
file share one reading; a file that cannot be used gets a sentence under the uploader, and the
page goes on with its sample picture.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from ui.services.lesson import text
from ui.services.upload import EXTENSIONS, UploadProblem, read_image


@st.cache_data(max_entries=16)
def picture(data: bytes) -> tuple[np.ndarray | None, list[str], str | None]:
    """An upload's brightness and notes, or the sentence that says why it cannot be used.

    Problems are returned rather than raised, so they are cached too.
    """
    try:
        read = read_image(data)
    except UploadProblem as exc:
        return None, [], str(exc)
    return read.pixels, read.notes, None


def uploaded(page: str) -> np.ndarray | None:
    """The visitor's picture, if they uploaded one the page can use; what happened is said under the
    uploader (the words are the page's: ``upload-label``, ``upload-help``, ``upload-problem``, ``upload-yours``)."""
    file = st.file_uploader(text(page, "upload-label"), type=list(EXTENSIONS), key=f"{page}_upload",
                            help=text(page, "upload-help"))
    if file is None:
        return None
    pixels, notes, problem = picture(file.getvalue())
    if problem:
        st.warning(text(page, "upload-problem", problem=problem), icon=":material/image_not_supported:")
        return None
    st.caption(text(page, "upload-yours"))
    for note in notes:
        st.caption(note)
    return pixels
