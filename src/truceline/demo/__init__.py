"""The demo scenario "Syria 2017": data files in ``data/`` and the code that loads them."""
