"""Interaction tracking: log events one by one or in batches, users' histories."""
