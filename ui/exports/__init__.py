"""Files a teacher takes to class: an animated GIF of a step player, slide images, a worksheet.

Pure builders, no Streamlit: a player's or a grid's data (what ``ui.figures`` gives the browser) in,
the bytes of a file out, drawn with matplotlib (``matplotlib.figure.Figure`` on the Agg canvas, no
pyplot state, so builds in threads do not meet) and written with Pillow or matplotlib's PDF backend.

- ``frames``: each frame of a player as the browser computes it (values, marks, outlines, caption).
- ``paint``: a grid drawn on a matplotlib figure, in the renderer's colours and words.
- ``gif``: the frames of a player as an animated GIF, within caps on frames and pixels.
- ``slides``: one figure of a page as a 1920x1080 slide (PNG or SVG).
- ``worksheet``: practice questions as a printable PDF, and their answer key.
- ``wav``: a sound as a 16-bit mono WAV, at one loudness, its peak and length capped (NumPy and ``wave`` only).
"""
