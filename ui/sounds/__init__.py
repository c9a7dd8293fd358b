"""Sounds for the page "Hear the checkerboard", without Streamlit: what it draws and plays (``prepared``) and a
visitor's WAV file read into samples (``upload``)."""
