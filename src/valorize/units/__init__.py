"""Unit operations of the valorization routes (vacuum distillation first)."""
