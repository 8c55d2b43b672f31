"""Answering storefronts: the calls they make (candidates from the live model service, then
the re-rank stage), the request and response bodies, the recommendation endpoints, and
recommendations under an A/B test. Above the live service, the experiments and the shopper
profiles it stitches together."""
