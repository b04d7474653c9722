"""The built-in sentence groups, by kind of command."""
