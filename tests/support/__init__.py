"""Helpers the test files share (test files never import each other): brokers, daemons, homes, audio, vision, fakes."""
