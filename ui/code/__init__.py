"""Code a visitor copies: PyTorch and Keras snippets for the settings and the designer's layers."""
