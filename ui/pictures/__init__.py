"""Pictures: the sample and generated ones, and a visitor's upload read within its memory budget."""
