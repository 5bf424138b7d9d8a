"""Execution engine: scheduler state machine, resolver, cache keys, retry delays, driver."""
