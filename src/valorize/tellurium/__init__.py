"""The crude-tellurium route: crude tellurium refined by vacuum distillation, as a model."""
