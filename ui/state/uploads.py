"""A visitor's upload, read once: what the picture and the sound uploaders share.

A file is read on the run it arrives in: the visitor's session keeps what the page shows of it (its
reading, or the sentence that says why it cannot be used), and the file itself is taken out of
Streamlit's store of uploads at once (``drop``). Streamlit would keep it there until the session is
shut down, which never happens to a visitor who leaves: their session is let go after
``server.disconnectedSessionTTL``, their upload stayed for the life of the server (bench/RESULTS.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx


def drop(file) -> None:
    """Take ``file`` out of Streamlit's store of this session's uploads and free its bytes."""
    ctx = get_script_run_ctx()
    store = getattr(ctx, "uploaded_file_mgr", None)
    if hasattr(store, "remove_file"):  # Streamlit's in-memory store
        store.remove_file(ctx.session_id, file.file_id)
    file.close()


def kept(key: str, file, read: Callable[..., tuple]) -> tuple | None:
    """What the page shows of the file in the uploader ``key``: ``read(digest, _data=bytes)`` on the run the file
    arrives (``file``, Streamlit's), then kept in the session under the file's id; None without a file."""
    chosen = getattr(st.session_state.get(key), "file_id", None)  # an UploadedFile, or one already dropped
    reading = st.session_state.get(f"{key}_read")
    if chosen is None:
        st.session_state.pop(f"{key}_read", None)
        return None
    if reading is None or reading[0] != chosen:
        if file is None:  # gone from the store before it was read
            return None
        data = file.getvalue()
        reading = (chosen, *read(hashlib.sha256(data).hexdigest(), _data=data))
        st.session_state[f"{key}_read"] = reading
        drop(file)
    return reading[1:]
