"""Recommendation strategies behind one interface (see base.py) and a registry by name."""
