"""A visitor's own picture: the uploader, the reading (``ui.pictures.upload``), what happened, in words.

A file is read once, on the run it arrives in (``ui.state.uploads``): the visitor's session keeps what the
page shows (the 64x64 brightness and the notes, or the sentence that says why the file cannot be used, a few
tens of kB), and the file itself leaves Streamlit's store of uploads at once. The reading is cached by a
digest of the file's content, so visitors who upload the same file share one reading. A file that cannot be
used gets a sentence under the uploader, and the page goes on with its sample picture.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from ui.cache import cached
from ui.pictures.upload import EXTENSIONS, UploadProblem, read_image
from ui.state.uploads import kept
from ui.text import text

Reading = tuple[np.ndarray | None, list[str], str | None]  # brightness (SIDE x SIDE), notes, or the problem


@cached
def picture(digest: str, _data: bytes) -> Reading:
    """The brightness and notes of the upload whose SHA-256 is ``digest`` (``_data``, not part of the
    cache's key), or the sentence that says why it cannot be used (problems are returned rather than
    raised, so they are cached too)."""
    try:
        read = read_image(_data)
    except UploadProblem as exc:
        return None, [], str(exc)
    return read.pixels, read.notes, None


def uploaded(page: str) -> np.ndarray | None:
    """The visitor's picture, if they uploaded one the page can use; what happened is said under the
    uploader (the words are the page's: ``upload-label``, ``upload-help``, ``upload-problem``, ``upload-yours``)."""
    key = f"{page}_upload"
    file = st.file_uploader(text(page, "upload-label"), type=list(EXTENSIONS), key=key,
                            help=text(page, "upload-help"))
    reading = kept(key, file, picture)
    if reading is None:
        return None
    pixels, notes, problem = reading
    if problem:
        st.warning(text(page, "upload-problem", problem=problem), icon=":material/image_not_supported:")
        return None
    st.caption(text(page, "upload-yours"))
    for note in notes:
        st.caption(note)
    return pixels
