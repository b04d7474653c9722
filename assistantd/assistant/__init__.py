"""The decision core: one command and what is known around it in, a decision and its report out."""
