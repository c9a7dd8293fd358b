"""The lesson's settings without Streamlit: their declarations, the configuration, values, the address."""
