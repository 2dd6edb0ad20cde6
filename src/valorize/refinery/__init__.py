"""The crude-selenium refinery route: vacuum distillation of crude selenium, as a model."""
