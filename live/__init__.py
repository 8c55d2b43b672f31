"""The live core: the builder, the artefact store, and how workers take its models."""
