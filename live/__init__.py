"""The live core: the model service each worker answers from, the models one build produced,
the builder, the artefact store, and how workers take its models."""
