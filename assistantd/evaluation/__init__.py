"""Scoring recognizers and whole turns on labelled data: sentences, Home Assistant's fixtures, SLURP, the turn suite."""
