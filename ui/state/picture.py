"""A visitor's own picture: the uploader, the reading (``ui.pictures.upload``), what happened, in words.

A file is read once, on the run it arrives in: the visitor's session keeps what the page shows (the
64x64 brightness and the notes, or the sentence that says why the file cannot be used, a few tens
of kB), and the file itself is taken out of Streamlit's store of uploads at once (``_drop``).
Streamlit would keep it there until the session is shut down, which never happens to a visitor who
leaves: their session is let go after ``server.disconnectedSessionTTL``, their upload stayed for
the life of the server (bench/RESULTS.md). The reading is cached by a digest of the file's content,
so visitors who upload the same file share one reading. A file that cannot be used gets a sentence
under the uploader, and the page goes on with its sample picture.
"""

from __future__ import annotations

import hashlib

import numpy as np
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui.cache import cached
from ui.pictures.upload import EXTENSIONS, UploadProblem, read_image
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


def _drop(file) -> None:
    """Take ``file`` out of Streamlit's store of this session's uploads and free its bytes."""
    ctx = get_script_run_ctx()
    store = getattr(ctx, "uploaded_file_mgr", None)
    if hasattr(store, "remove_file"):  # Streamlit's in-memory store
        store.remove_file(ctx.session_id, file.file_id)
    file.close()


def _reading(key: str, file) -> Reading | None:
    """What the page shows of the file in the uploader ``key``: read on the run the file arrives
    (``file``, Streamlit's), then kept in the session under the file's id; None without a file."""
    chosen = getattr(st.session_state.get(key), "file_id", None)  # an UploadedFile, or one already dropped
    kept = st.session_state.get(f"{key}_read")
    if chosen is None:
        st.session_state.pop(f"{key}_read", None)
        return None
    if kept is None or kept[0] != chosen:
        if file is None:  # gone from the store before it was read
            return None
        data = file.getvalue()
        kept = (chosen, *picture(hashlib.sha256(data).hexdigest(), _data=data))
        st.session_state[f"{key}_read"] = kept
        _drop(file)
    return kept[1:]


def uploaded(page: str) -> np.ndarray | None:
    """The visitor's picture, if they uploaded one the page can use; what happened is said under the
    uploader (the words are the page's: ``upload-label``, ``upload-help``, ``upload-problem``, ``upload-yours``)."""
    key = f"{page}_upload"
    file = st.file_uploader(text(page, "upload-label"), type=list(EXTENSIONS), key=key,
                            help=text(page, "upload-help"))
    reading = _reading(key, file)
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
