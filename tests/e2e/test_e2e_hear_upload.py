"""A visitor's WAV file on the hearing page, in a real browser: the file travels through Streamlit's upload
endpoint (XSRF on, 10 MB cap), the page plays it upsampled four ways (the first player's file is the visitor's
sound at the page's rate, a valid WAV the browser can play), a bad file gets its one sentence beside the uploader
while the tone and the rest of the page stay, and removing the file brings the tone back. Files are made in
memory."""

from __future__ import annotations

import io
import wave

import numpy as np
import pytest
from browsing import screenshot
from driving import MAIN, after_rerun, assert_no_exception, eventually, open_page

pytestmark = pytest.mark.e2e

UPLOADER = ".st-key-hear_upload"
AUDIO = f"{MAIN} audio"


def stereo_wav(rate: int = 44_100, seconds: float = 2.0) -> bytes:
    t = np.arange(round(rate * seconds)) / rate
    one = 0.3 * np.sin(2 * np.pi * 330 * t) + 0.2 * np.sin(2 * np.pi * 660 * t)
    pcm = np.round(np.stack([one, 0.5 * one], axis=1) * 32767).astype("<i2")
    out = io.BytesIO()
    with wave.open(out, "wb") as f:
        f.setnchannels(2)
        f.setsampwidth(2)
        f.setframerate(rate)
        f.writeframes(pcm.tobytes())
    return out.getvalue()


def upload(pg, name: str, data: bytes) -> None:
    chooser = pg.locator(f"{UPLOADER} input[type=file]")
    after_rerun(pg, lambda: chooser.set_input_files({"name": name, "mimeType": "audio/wav", "buffer": data}),
                timeout=60)


def captions(pg) -> str:
    return " ".join(pg.locator(f"{MAIN} [data-testid=stCaptionContainer]").all_inner_texts())


def first_clip(pg) -> tuple[int, int, int, bytes]:
    """The first player's file, fetched by the browser: its channels, rate, length in frames, and samples."""
    data = pg.evaluate("""async () => {
        const a = document.querySelector('[data-testid=stMain] audio');
        const bytes = new Uint8Array(await (await fetch(a.src)).arrayBuffer());
        return Array.from(bytes);
    }""")
    with wave.open(io.BytesIO(bytes(data))) as clip:
        return clip.getnchannels(), clip.getframerate(), clip.getnframes(), clip.readframes(clip.getnframes())


def test_upload_a_wav_then_a_bad_file_then_remove_it(server, new_page):
    page = new_page(viewport={"width": 1400, "height": 2000})
    open_page(page, f"{server}/hear?hear_sound=upload&hear_rate=8000")
    assert_no_exception(page)
    assert "Choose a WAV file below; until then the page plays the tone." in captions(page)
    tone = first_clip(page)
    assert tone[:3] == (1, 8_000, 8_000)

    upload(page, "mine.wav", stereo_wav())
    assert_no_exception(page)
    eventually(lambda: "Playing your sound" in captions(page))
    assert "Its two channels are mixed into one." in captions(page)
    assert "It was sampled at 44,100 Hz: the page converts it to 8,000 Hz" in captions(page)
    assert page.locator(AUDIO).count() == 5
    mine = first_clip(page)
    assert mine[:3] == (1, 8_000, 8_000) and mine[3] != tone[3]  # a second of the visitor's sound, at the page's rate
    first = page.locator(AUDIO).first
    eventually(lambda: first.evaluate("a => a.readyState >= 1 && !a.error && a.duration > 0.99") or None)
    assert first.evaluate("a => a.paused && !a.autoplay")
    page.get_by_role("heading", name="Hear the checkerboard").scroll_into_view_if_needed()
    screenshot(page, "hear-upload")

    upload(page, "notes.wav", b"These are notes, not a sound.\n" * 30)
    assert_no_exception(page)

    def said():
        texts = page.locator(f"{MAIN} [data-testid=stAlertContentWarning]").all_inner_texts()
        assert len(texts) == 1, texts
        return texts[0]

    sentence = eventually(said)
    assert "This file is not a WAV file" in sentence and sentence.endswith("The page plays the tone instead.")
    assert page.locator(AUDIO).count() == 5 and first_clip(page) == tone

    remove = page.locator(f"{UPLOADER} [data-testid=stFileChipDeleteBtn] button")
    after_rerun(page, remove.click)
    assert_no_exception(page)
    assert page.locator(f"{MAIN} [data-testid=stAlertContentWarning]").count() == 0
    assert "Choose a WAV file below" in captions(page)
