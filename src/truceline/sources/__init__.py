"""Sources: who claims come from, with an Admiralty reliability letter computed from their track record."""
