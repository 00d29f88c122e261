"""Extraction backends behind one contract (`base`): the offline regex rules and the model."""
