"""A/B testing: tests, assignment, impressions, attributed events, results."""
