"""The command line: the parser, shared helpers, and one module per command."""
