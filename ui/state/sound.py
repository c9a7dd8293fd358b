"""A visitor's own sound on the page "Hear the checkerboard": the WAV uploader, the reading (``ui.sounds.upload``),
what happened, in words, beside the uploader.

The file is read once (``ui.state.uploads``) and converted at once to each of the page's rates, so the session
keeps at most a second of samples a rate (a few tens of kB), never the file. The reading is cached by a digest
of the file's content. A file the page cannot use gets one sentence under the uploader, and the page plays its
tone instead; so does a rate the sound cannot be converted to.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import streamlit as st

from ui.cache import cached
from ui.settings.registry import SOUND_RATES
from ui.sounds.upload import SoundProblem, at_rate, read_wav
from ui.state.uploads import kept
from ui.text import text


class Own(NamedTuple):
    """The visitor's sound at the page's rate, and the digest of its file (what the page's caches know it by)."""

    digest: str
    samples: np.ndarray


def _converted(recording, rate: int) -> tuple:
    """(samples, note, None) at ``rate``, or (None, None, the sentence that says why not)."""
    try:
        return (*at_rate(recording, rate), None)
    except SoundProblem as exc:
        return None, None, str(exc)


@cached
def reading(digest: str, _data: bytes) -> tuple:
    """The upload whose SHA-256 is ``digest``: (digest, its samples and note by rate, its notes, None), or (digest,
    None, [], the sentence that says why it cannot be used); problems are returned, so they are cached too."""
    try:
        recording = read_wav(_data)
    except SoundProblem as exc:
        return digest, None, [], str(exc)
    return digest, {rate: _converted(recording, int(rate)) for rate in SOUND_RATES}, recording.notes, None


def uploaded(page: str, rate: int) -> Own | None:
    """The visitor's sound at ``rate``, if they uploaded one the page can use; what happened is said under the
    uploader (the page's words: ``upload-label``, ``upload-help``, ``upload-wanted``, ``upload-problem``,
    ``upload-yours``)."""
    key = f"{page}_upload"
    file = st.file_uploader(text(page, "upload-label"), type=["wav"], key=key, help=text(page, "upload-help"))
    read = kept(key, file, reading)
    if read is None:
        st.caption(text(page, "upload-wanted"))
        return None
    digest, rates, notes, problem = read
    samples, note, problem = rates[str(rate)] if rates else (None, None, problem)
    if problem:
        st.warning(text(page, "upload-problem", problem=problem), icon=":material/music_off:")
        return None
    st.caption(text(page, "upload-yours"))
    for line in [*notes, *([note] if note else [])]:
        st.caption(line)
    return Own(digest, samples)
